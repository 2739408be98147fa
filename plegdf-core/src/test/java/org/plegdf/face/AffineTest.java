package org.plegdf.face;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AffineTest {
    @Test
    void templateTransformPutsTheEyesOnTheTargets() {
        AlignmentTemplate t = AlignmentTemplate.of(200);
        EyePair eyes = new EyePair(new Point2(100, 120), new Point2(160, 140));
        EyePair m = eyes.map(t.transformFor(eyes));
        assertThat(m.left().x()).isCloseTo(70, within(1e-9));
        assertThat(m.left().y()).isCloseTo(80, within(1e-9));
        assertThat(m.right().x()).isCloseTo(130, within(1e-9));
        assertThat(m.right().y()).isCloseTo(80, within(1e-9));
    }

    @Test
    void inverseAndComposition() {
        Affine a = Affine.levelling(10, 20, 17, 1.7, 3, 4);
        Affine round = a.then(a.inverse());
        Point2 p = new Point2(123.4, -56.7);
        Point2 q = round.apply(p);
        assertThat(q.x()).isCloseTo(p.x(), within(1e-9));
        assertThat(q.y()).isCloseTo(p.y(), within(1e-9));
        assertThat(a.scale()).isCloseTo(1.7, within(1e-12));
    }

    @Test
    void levellingMakesTheGivenDirectionHorizontal() {
        Affine a = Affine.levelling(0, 0, 30, 1, 0, 0);
        Point2 dir = a.apply(new Point2(Math.cos(Math.toRadians(30)), Math.sin(Math.toRadians(30))));
        assertThat(dir.y()).isCloseTo(0, within(1e-12));
        assertThat(dir.x()).isCloseTo(1, within(1e-12));
    }

    @Test
    void geometryFallbackFollowsTheBoxRoll() {
        FaceBox box = new FaceBox(0, 0, 100, 100, 20, 1, null);
        EyePair e = FaceGeometry.estimate(box);
        assertThat(e.angleDegrees()).isCloseTo(20, within(1e-9));
        assertThat(e.distance()).isCloseTo(100 * FaceGeometry.EYE_SPACING, within(1e-9));
    }

    @Test
    void boxAroundEyesIsTheInverseOfTheGeometry() {
        for (double roll : new double[] {-25, 0, 12}) {
            EyePair eyes = FaceGeometry.estimate(new FaceBox(40, 60, 120, 120, roll, 1, null));
            FaceBox box = FaceGeometry.boxAround(eyes);
            assertThat(box.centerX()).isCloseTo(100, within(1e-9));
            assertThat(box.centerY()).isCloseTo(120, within(1e-9));
            assertThat(box.size()).isCloseTo(120, within(1e-9));
            assertThat(box.angle()).isCloseTo(roll, within(1e-9));
        }
    }

    @Test
    void landmarkEyesKeepMidpointAndSpacingAndTakeTheRoll() {
        EyePair landmarks = new EyePair(new Point2(10, 20), new Point2(50, 26));
        EyePair turned = FaceObserver.landmarkEyes(landmarks, -7);
        assertThat(turned.angleDegrees()).isCloseTo(-7, within(1e-9));
        assertThat(turned.distance()).isCloseTo(landmarks.distance(), within(1e-9));
        assertThat(turned.midpoint().distance(landmarks.midpoint())).isLessThan(1e-9);
    }
}
