package org.plegdf.face;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The annotated face photos in {@code ../shared/fixtures/faces} (dlib's imglab XML), read-only. */
public final class FaceFixtures {
    private FaceFixtures() {}

    /**
     * Eye centres in Tom_Cruise_avp_2014_4.jpg (565 x 800), annotated by hand for these tests as
     * the centre of each eye opening, read at 4x zoom (about +-2 px): the photo has no landmark
     * file. The eyes are 181 px apart and tilted 5.7 degrees.
     */
    public static final EyePair TOM_CRUISE_EYES = new EyePair(new Point2(188, 378), new Point2(368, 396));

    /** One annotated face: its box and, when present, the 68 iBUG landmarks. */
    record Face(double x, double y, double width, double height, Point2[] parts) {
        FaceBox box() {
            return new FaceBox(x, y, width, height, 0, 0, null);
        }

        /** Eye centres as the mean of landmarks 36-41 and 42-47. */
        EyePair eyes() {
            return new EyePair(mean(36, 42), mean(42, 48));
        }

        private Point2 mean(int from, int to) {
            double sx = 0;
            double sy = 0;
            for (int i = from; i < to; i++) {
                sx += parts[i].x();
                sy += parts[i].y();
            }
            return new Point2(sx / (to - from), sy / (to - from));
        }
    }

    /** A photo and its faces. */
    record Photo(Path file, List<Face> faces) {}

    /** @return the fixtures folder; skips the test when it is absent */
    static Path dir() {
        String p = System.getProperty("plegdf.fixtures", "../../shared/fixtures");
        Path d = Path.of(p, "faces");
        assumeThat(Files.isDirectory(d)).as("face fixtures at " + d).isTrue();
        return d;
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    static List<Photo> read(String xml) throws Exception {
        Path dir = dir();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = f.newDocumentBuilder().parse(dir.resolve(xml).toFile());
        NodeList images = doc.getElementsByTagName("image");
        List<Photo> photos = new ArrayList<>();
        for (int i = 0; i < images.getLength(); i++) {
            Element img = (Element) images.item(i);
            NodeList boxes = img.getElementsByTagName("box");
            List<Face> faces = new ArrayList<>();
            for (int j = 0; j < boxes.getLength(); j++) {
                Element b = (Element) boxes.item(j);
                NodeList partNodes = b.getElementsByTagName("part");
                Point2[] parts = new Point2[partNodes.getLength()];
                for (int k = 0; k < parts.length; k++) {
                    Element p = (Element) partNodes.item(k);
                    parts[Integer.parseInt(p.getAttribute("name"))] =
                            new Point2(Double.parseDouble(p.getAttribute("x")), Double.parseDouble(p.getAttribute("y")));
                }
                faces.add(new Face(num(b, "left"), num(b, "top"), num(b, "width"), num(b, "height"), parts));
            }
            photos.add(new Photo(dir.resolve(img.getAttribute("file")), faces));
        }
        return photos;
    }

    private static double num(Element e, String attr) {
        return Double.parseDouble(e.getAttribute(attr));
    }

    /** One annotated photo turned about its centre, and the faces a pipeline aligned on it. */
    record TurnedPhoto(Photo photo, Affine tilt, List<AlignedFace> faces) {
        /** @return an annotated face's box, moved with the photo (same size) */
        FaceBox box(Face f) {
            Point2 c = tilt.apply(new Point2(f.box().centerX(), f.box().centerY()));
            return new FaceBox(c.x() - f.width() / 2, c.y() - f.height() / 2, f.width(), f.height(), 0, 0, null);
        }
    }

    /** What a measurement does with one turned photo. */
    interface TurnedPhotoVisitor {
        void visit(TurnedPhoto photo) throws Exception;
    }

    /**
     * Runs a pipeline over the landmark-annotated photos turned by {@code turn} degrees (the
     * annotations turned with them) and hands each photo's aligned faces to {@code visitor}; the
     * faces are closed afterwards.
     */
    static void forEachTurned(FacePipeline pipeline, double turn, TurnedPhotoVisitor visitor) throws Exception {
        for (Photo p : read("training_with_face_landmarks.xml")) {
            try (org.bytedeco.opencv.opencv_core.Mat img = org.bytedeco.opencv.global.opencv_imgcodecs.imread(p.file().toString());
                    org.bytedeco.opencv.opencv_core.Mat turned = new org.bytedeco.opencv.opencv_core.Mat()) {
                Affine tilt = Affine.levelling(img.cols() / 2.0, img.rows() / 2.0, -turn, 1, img.cols() / 2.0, img.rows() / 2.0);
                try (org.bytedeco.opencv.opencv_core.Mat m = tilt.toMat()) {
                    org.bytedeco.opencv.global.opencv_imgproc.warpAffine(img, turned, m, img.size());
                }
                List<AlignedFace> faces = pipeline.alignAll(turn == 0 ? img : turned);
                try {
                    visitor.visit(new TurnedPhoto(p, tilt, faces));
                } finally {
                    faces.forEach(AlignedFace::close);
                }
            }
        }
    }
}
