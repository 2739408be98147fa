package org.plegdf.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.plegdf.data.ImageOps;

/**
 * Draws one synthetic face frame with Java2D, laid out like an aligned face crop: eyes near 40 %
 * of the height and a third of the width apart, mouth near 74 %, the face filling the frame. All
 * geometry is in fractions of the side, so any size renders the same picture.
 */
final class FaceRenderer {
    private static final Color EYE_WHITE = new Color(236, 232, 226);
    private static final Color LASH = new Color(35, 25, 22);
    private static final Color MOUTH_INSIDE = new Color(70, 25, 30);
    private static final Color TEETH = new Color(235, 230, 215);
    private static final Color BLUSH = new Color(215, 70, 75);
    /** The bluish brown of tired, shadowed skin around the eyes. */
    private static final Color BAG = new Color(85, 55, 75);

    private FaceRenderer() {}

    /**
     * The shapes of a subject's head that do not change from frame to frame (they move only with
     * the whole-head transform), built once per subject: area operations are the costliest part of
     * a frame otherwise.
     */
    static final class Head {
        final Identity id;
        final Shape backHair;
        final Shape face;
        final Shape fringe;
        final Shape beard;

        Head(Identity id) {
            this.id = id;
            double cx = id.faceCx();
            double cy = id.faceCy();
            double fw = id.faceHalfW();
            double fh = id.faceHalfH();
            backHair = new Ellipse2D.Double(cx - fw * 1.12, cy - fh * 1.12, fw * 2.24, fh * (1.5 + id.hairSide()));
            face = faceOutline(cx, cy, fw, fh, id.jaw());
            Path2D hairShape = new Path2D.Double();
            double hl = id.hairline();
            hairShape.moveTo(cx - fw * 1.2, 0.5 * (cy - fh) - 0.1);
            hairShape.lineTo(cx - fw * 1.2, hl + id.hairSide() + 0.15);
            if (id.fringe()) {
                hairShape.curveTo(cx - fw * 0.6, hl + 0.08, cx + fw * 0.2, hl + 0.06, cx + fw * 1.2, hl - 0.02);
            } else {
                hairShape.quadTo(cx, hl - 0.06, cx + fw * 1.2, hl + id.hairSide() + 0.15);
            }
            hairShape.lineTo(cx + fw * 1.2, 0.5 * (cy - fh) - 0.1);
            hairShape.closePath();
            // the hair cut to the back hair, so its edge over the face is antialiased (a clip is not)
            Area fr = new Area(hairShape);
            fr.intersect(new Area(backHair));
            fringe = fr;
            if (id.stubble() > 0) {
                Area b = new Area(face);
                b.intersect(new Area(new Ellipse2D.Double(cx - fw * 0.85, id.mouthY() - 0.09, fw * 1.7, 0.35)));
                beard = b;
            } else {
                beard = null;
            }
        }
    }

    /**
     * @param id the subject
     * @param cues the video's cues
     * @param f the frame's state
     * @param size the crop side in pixels
     * @return a new TYPE_INT_RGB image
     */
    static BufferedImage render(Identity id, DepressionCues cues, FrameState f, int size) {
        return render(new Head(id), cues, f, size);
    }

    /**
     * @param head the subject's prepared head
     * @param cues the video's cues
     * @param f the frame's state
     * @param size the crop side in pixels
     * @return a new TYPE_INT_RGB image
     */
    static BufferedImage render(Head head, DepressionCues cues, FrameState f, int size) {
        Identity id = head.id;
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
            g.setColor(id.background());
            g.fillRect(0, 0, size, size);
            g.scale(size, size);
            // what alignment leaves of the head's motion: a little shift, roll and scale
            g.translate(0.5 + f.dx(), 0.5 + f.dy());
            g.rotate(f.roll());
            g.scale(f.zoom(), f.zoom());
            g.translate(-0.5, -0.5);
            drawHead(g, head, cues, f);
        } finally {
            g.dispose();
        }
        light(img, f);
        return img;
    }

    private static void drawHead(Graphics2D g, Head head, DepressionCues cues, FrameState f) {
        Identity id = head.id;
        double cx = id.faceCx();
        double cy = id.faceCy();
        double fw = id.faceHalfW();
        double fh = id.faceHalfH();
        // yaw and pitch move the inner face against the outline; the nose tip moves most
        double ox = 0.6 * f.yaw();
        double oy = 0.6 * f.pitch();

        // shoulders and neck, then the hair behind the head
        g.setColor(id.shirt());
        g.fill(new Ellipse2D.Double(cx - 0.65, cy + fh * 0.85, 1.3, 0.6));
        g.setColor(shade(id.skin(), 0.82));
        g.fill(new Rectangle2D.Double(cx - fw * 0.55, cy + fh * 0.3, fw * 1.1, 0.6));
        g.setColor(id.hair());
        g.fill(head.backHair);

        // ears
        g.setColor(shade(id.skin(), 0.9));
        double earY = id.eyeY() + 0.06 + oy;
        g.fill(new Ellipse2D.Double(cx - fw * 1.02 - 0.03 - ox * 0.5, earY - 0.07, 0.07, 0.14));
        g.fill(new Ellipse2D.Double(cx + fw * 1.02 - 0.04 - ox * 0.5, earY - 0.07, 0.07, 0.14));

        // face, shaded as a rounded surface
        g.setPaint(new RadialGradientPaint(
                new Point2D.Double(cx + ox, cy - 0.05 + oy), (float) (fh * 1.05),
                new float[] {0f, 0.65f, 1f},
                new Color[] {shade(id.skin(), 1.07), id.skin(), shade(id.skin(), 0.78)}));
        g.fill(head.face);
        if (head.beard != null) {
            g.setColor(alpha(shade(id.hair(), 0.7), id.stubble()));
            g.fill(head.beard);
        }
        g.setColor(id.hair());
        g.fill(head.fringe);

        double smile = f.smile();
        drawCheeks(g, id, cues, cx + ox, oy, smile);
        drawNasolabial(g, id, cx + ox, oy, smile);
        drawNose(g, id, cx + ox * 1.4, oy * 1.3);
        for (int side = -1; side <= 1; side += 2) {
            double ex = cx + ox + side * id.eyeDx();
            double ey = id.eyeY() + oy;
            drawBrow(g, id, cues, ex, ey, side);
            drawEye(g, id, cues, f, ex, ey, side);
        }
        drawGlabella(g, id, cues, cx + ox, id.eyeY() + oy);
        drawMouth(g, id, cues, f, cx + ox * 1.1, id.mouthY() + oy * 1.1);
    }

    private static Shape faceOutline(double cx, double cy, double fw, double fh, double jaw) {
        Path2D p = new Path2D.Double();
        double top = cy - fh;
        p.moveTo(cx, top);
        p.curveTo(cx + fw * 0.56, top, cx + fw, cy - fh * 0.55, cx + fw, cy - fh * 0.1);
        p.curveTo(cx + fw, cy + fh * 0.45, cx + fw * jaw, cy + fh * 0.92, cx, cy + fh);
        p.curveTo(cx - fw * jaw, cy + fh * 0.92, cx - fw, cy + fh * 0.45, cx - fw, cy - fh * 0.1);
        p.curveTo(cx - fw, cy - fh * 0.55, cx - fw * 0.56, top, cx, top);
        p.closePath();
        return p;
    }

    /** A brow: a thick curve whose inner end rises with the inner-brow cue (the oblique "sad" brow). */
    private static void drawBrow(Graphics2D g, Identity id, DepressionCues cues, double ex, double ey, int side) {
        double y = ey - id.browGap();
        double inner = ex - side * id.browLen() * 0.45;
        double outer = ex + side * id.browLen() * 0.55;
        double lift = cues.innerBrowLift() + id.restBrowTilt();
        double yIn = y - lift;
        double yOut = y + 0.004;
        // a raised inner end moves the arch inwards, as the frontalis pulls the medial brow
        double ctrlX = ex - side * id.browLen() * (0.05 + 4 * Math.max(0, lift));
        double ctrlY = y - id.browArch() * 2 - lift * 0.6;
        g.setColor(id.brow());
        g.setStroke(new BasicStroke((float) id.browThick(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(inner, yIn, ctrlX, ctrlY, outer, yOut));
    }

    /**
     * An eye: white, iris placed by gaze (lowered by the gaze cue), then the upper lid, whose edge
     * sinks with the lid cue and blinks, and the lower lid, which rises with a smile.
     */
    private static void drawEye(Graphics2D g, Identity id, DepressionCues cues, FrameState f, double ex, double ey, int side) {
        double hw = id.eyeHalfW();
        double hh = id.eyeHalfH() * (1 - 0.15 * f.smile());
        double xi = ex - side * hw;
        double xo = ex + side * hw;
        double yi = ey + 0.003; // the inner corner sits a little lower
        Path2D eye = new Path2D.Double();
        eye.moveTo(xi, yi);
        eye.quadTo(ex, ey - 2 * hh, xo, ey);
        eye.quadTo(ex, ey + 1.6 * hh, xi, yi);
        eye.closePath();
        if (cues.eyeBags() > 0.01) {
            // a tired crescent under the eye: the darker, the higher the score
            Path2D bag = new Path2D.Double();
            bag.moveTo(xi, yi);
            bag.quadTo(ex, ey + 1.6 * hh + 0.08, xo, ey);
            bag.quadTo(ex, ey + 1.6 * hh, xi, yi);
            bag.closePath();
            g.setColor(alpha(BAG, Math.min(0.85, cues.eyeBags())));
            g.fill(bag);
        }
        g.setColor(EYE_WHITE);
        g.fill(eye);

        Shape oldClip = g.getClip();
        g.clip(eye);
        double gazeDown = cues.gazeDown() + f.gazeY();
        double ix = ex + 0.45 * hw * f.gazeX();
        double iy = ey + gazeDown * hh;
        double r = id.irisR();
        g.setColor(id.iris());
        g.fill(new Ellipse2D.Double(ix - r, iy - r, 2 * r, 2 * r));
        g.setColor(LASH);
        g.fill(new Ellipse2D.Double(ix - r * 0.45, iy - r * 0.45, r * 0.9, r * 0.9));
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(ix + r * 0.2, iy - r * 0.55, r * 0.35, r * 0.35));

        // the upper lid follows a lowered gaze a little, as real lids do
        double cover = Math.max(f.blink(), Math.min(0.9, id.restLid() + cues.lidWeight() + 0.15 * Math.max(0, gazeDown)));
        double peak = ey - hh + 2 * hh * cover;
        Path2D lid = new Path2D.Double();
        lid.moveTo(xi - side * 0.01, yi);
        lid.quadTo(ex, 2 * peak - ey, xo + side * 0.01, ey);
        lid.lineTo(xo + side * 0.01, ey - 3 * hh);
        lid.lineTo(xi - side * 0.01, ey - 3 * hh);
        lid.closePath();
        g.setColor(shade(id.skin(), 0.93));
        g.fill(lid);
        // a heavy lid is also a shadowed one
        g.setColor(alpha(BAG, 0.6 * Math.min(1, cues.lidWeight() / DepressionCues.LIDS)));
        g.fill(lid);
        double lower = 0.3 * f.smile();
        if (lower > 0.01) {
            double lp = ey + 0.8 * hh - 1.6 * hh * lower;
            Path2D low = new Path2D.Double();
            low.moveTo(xi, yi);
            low.quadTo(ex, 2 * lp - ey, xo, ey);
            low.lineTo(xo, ey + 3 * hh);
            low.lineTo(xi, ey + 3 * hh);
            low.closePath();
            g.fill(low);
        }
        g.setClip(oldClip);

        // lash line along the lid edge, and the lid crease, which a heavy lid pushes down
        g.setColor(LASH);
        g.setStroke(new BasicStroke((float) (0.0045 + 0.002 * cover), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(xi, yi, ex, 2 * peak - ey, xo, ey));
        double crease = ey - hh - 0.014 * (1 - 0.8 * Math.min(1, cues.lidWeight() / DepressionCues.LIDS + id.restLid()));
        g.setColor(shade(id.skin(), 0.72));
        g.setStroke(new BasicStroke(0.004f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(xi + side * 0.006, yi - 0.004, ex, 2 * crease - ey, xo, ey - 0.003));
        g.setColor(shade(id.skin(), 0.85));
        g.setStroke(new BasicStroke(0.003f));
        g.draw(new QuadCurve2D.Double(xi, yi, ex, ey + 1.6 * hh + 0.006, xo, ey));
    }

    private static void drawNose(Graphics2D g, Identity id, double cx, double oy) {
        double ny = id.noseY() + oy;
        double nw = id.noseHalfW();
        Color dark = shade(id.skin(), 0.7);
        g.setStroke(new BasicStroke(0.005f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(shade(id.skin(), 0.86));
        g.draw(new QuadCurve2D.Double(cx - 0.02, id.eyeY() + 0.02 + oy, cx - nw * 0.9, ny - 0.06, cx - nw * 0.7, ny - 0.01));
        g.setColor(dark);
        g.draw(new QuadCurve2D.Double(cx - nw, ny - 0.005, cx, ny + 0.03, cx + nw, ny - 0.005));
        g.setColor(shade(id.skin(), 0.5));
        g.fill(new Ellipse2D.Double(cx - nw * 0.62, ny - 0.004, nw * 0.45, 0.012));
        g.fill(new Ellipse2D.Double(cx + nw * 0.17, ny - 0.004, nw * 0.45, 0.012));
    }

    /**
     * Short vertical furrows between the brows, which deepen with the brow cue: the worried
     * pull of the inner brows upwards and together.
     */
    private static void drawGlabella(Graphics2D g, Identity id, DepressionCues cues, double cx, double ey) {
        double a = Math.min(0.9, cues.innerBrowLift() / DepressionCues.BROWS);
        if (a < 0.05) {
            return;
        }
        g.setColor(alpha(shade(id.skin(), 0.6), a));
        g.setStroke(new BasicStroke(0.005f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        double top = ey - id.browGap() - 0.035;
        double bottom = ey - id.browGap() + 0.012;
        for (int side = -1; side <= 1; side += 2) {
            double x = cx + side * 0.014;
            g.draw(new QuadCurve2D.Double(x, top, x + side * 0.006, 0.5 * (top + bottom), x + side * 0.002, bottom));
        }
    }

    /** Rosy cheeks, which pale with the pallor cue and lift with a smile. */
    private static void drawCheeks(Graphics2D g, Identity id, DepressionCues cues, double cx, double oy, double smile) {
        double a = id.blush() * (1 - cues.pallor());
        if (a < 0.02) {
            return;
        }
        float r = 0.095f;
        for (int side = -1; side <= 1; side += 2) {
            double x = cx + side * (id.eyeDx() + 0.02);
            double y = id.noseY() - 0.005 + oy - 0.015 * smile;
            g.setPaint(new RadialGradientPaint(new Point2D.Double(x, y), r, new float[] {0f, 1f},
                    new Color[] {alpha(BLUSH, a), alpha(BLUSH, 0)}));
            g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
        }
    }

    private static void drawNasolabial(Graphics2D g, Identity id, double cx, double oy, double smile) {
        g.setStroke(new BasicStroke(0.005f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.setColor(alpha(shade(id.skin(), 0.65), 0.25 + 0.55 * Math.min(1, smile)));
        for (int side = -1; side <= 1; side += 2) {
            double x0 = cx + side * (id.noseHalfW() + 0.012);
            double y0 = id.noseY() - 0.01 + oy;
            double x1 = cx + side * (id.mouthHalfW() + 0.02 + 0.015 * smile);
            double y1 = id.mouthY() + 0.03 + oy;
            g.draw(new QuadCurve2D.Double(x0, y0, x1 + side * 0.01, 0.5 * (y0 + y1), x1, y1));
        }
    }

    /**
     * The mouth: the corners sit below the lip midline by the droop cue and rise with a smile; the
     * lips part while talking.
     */
    private static void drawMouth(Graphics2D g, Identity id, DepressionCues cues, FrameState f, double cx, double my) {
        double smile = f.smile();
        double hw = id.mouthHalfW() * (1 + 0.14 * smile);
        double cornerY = my + id.restCorner() + cues.cornerDroop() - 0.026 * smile;
        double open = f.mouthOpen() + 0.012 * Math.max(0, smile - 0.5);
        double lx = cx - hw;
        double rx = cx + hw;
        // the lip line passes through (cx, my): a quadratic's midpoint is halfway to its control
        double midCtrl = 2 * my - cornerY;
        double upperLine = midCtrl - open * 0.6;
        double lowerLine = midCtrl + open * 1.4;

        Path2D upper = new Path2D.Double();
        upper.moveTo(lx, cornerY);
        upper.curveTo(cx - hw * 0.5, my - id.lipUpper() * 2.2, cx - hw * 0.15, my - id.lipUpper() * 2.0, cx, my - id.lipUpper() * 1.5);
        upper.curveTo(cx + hw * 0.15, my - id.lipUpper() * 2.0, cx + hw * 0.5, my - id.lipUpper() * 2.2, rx, cornerY);
        upper.quadTo(cx, upperLine, lx, cornerY);
        upper.closePath();
        Path2D lowerLip = new Path2D.Double();
        lowerLip.moveTo(lx, cornerY);
        lowerLip.quadTo(cx, lowerLine, rx, cornerY);
        lowerLip.quadTo(cx, lowerLine + id.lipLower() * 2.6, lx, cornerY);
        lowerLip.closePath();
        if (open > 0.002) {
            Path2D inside = new Path2D.Double();
            inside.moveTo(lx, cornerY);
            inside.quadTo(cx, upperLine, rx, cornerY);
            inside.quadTo(cx, lowerLine, lx, cornerY);
            inside.closePath();
            g.setColor(MOUTH_INSIDE);
            g.fill(inside);
            if (smile > 0.4) {
                Shape oldClip = g.getClip();
                g.clip(inside);
                g.setColor(TEETH);
                g.fill(new Rectangle2D.Double(cx - hw * 0.7, upperLine * 0.5 + my * 0.5 - 0.02, hw * 1.4, 0.02 + open * 0.4));
                g.setClip(oldClip);
            }
        }
        double droop = cues.cornerDroop() / DepressionCues.DROOP;
        if (droop > 0.05) {
            // the downward folds from the corners that a sagging mouth draws
            g.setColor(alpha(shade(id.skin(), 0.62), Math.min(0.9, droop)));
            g.setStroke(new BasicStroke(0.005f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            double len = 0.02 + 0.03 * Math.min(1.5, droop);
            g.draw(new QuadCurve2D.Double(lx - 0.004, cornerY + 0.004, lx - 0.012, cornerY + len * 0.6, lx - 0.008, cornerY + len));
            g.draw(new QuadCurve2D.Double(rx + 0.004, cornerY + 0.004, rx + 0.012, cornerY + len * 0.6, rx + 0.008, cornerY + len));
        }
        g.setColor(shade(id.lips(), 0.88));
        g.fill(upper);
        g.setColor(id.lips());
        g.fill(lowerLip);
        g.setColor(shade(id.lips(), 0.55));
        g.setStroke(new BasicStroke(0.004f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new QuadCurve2D.Double(lx, cornerY, cx, open > 0.002 ? upperLine : midCtrl, rx, cornerY));
    }

    /**
     * Ambient brightness and a key light, applied to the finished pixels in one pass: a linear
     * gain ramp across the frame, brighter towards the light (by up to 0.6 s) and darker away from
     * it (by up to s), times the ambient factor.
     */
    private static void light(BufferedImage img, FrameState f) {
        int size = img.getWidth();
        int[] px = ImageOps.rgbPixels(img);
        double half = size / 2.0;
        double dtx = Math.cos(f.lightAngle()) / half;
        double dty = Math.sin(f.lightAngle()) / half;
        double s = f.lightStrength();
        double a = f.ambient();
        for (int y = 0; y < size; y++) {
            // t is linear along the row: start value and step, no division in the loop
            double t = (0.5 - half) * dtx + (y + 0.5 - half) * dty;
            int row = y * size;
            for (int x = 0; x < size; x++, t += dtx) {
                double tc = t > 1 ? 1 : (t < -1 ? -1 : t);
                int k = (int) (256 * a * (1 + (tc > 0 ? 0.6 * s * tc : s * tc)));
                int p = px[row + x];
                int r = (((p >> 16) & 255) * k) >> 8;
                int g = (((p >> 8) & 255) * k) >> 8;
                int b = ((p & 255) * k) >> 8;
                px[row + x] = ((r > 255 ? 255 : r) << 16) | ((g > 255 ? 255 : g) << 8) | (b > 255 ? 255 : b);
            }
        }
    }

    static Color shade(Color c, double k) {
        return new Color(clamp255(c.getRed() * k), clamp255(c.getGreen() * k), clamp255(c.getBlue() * k));
    }

    private static Color alpha(Color c, double a) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), clamp255(a * 255));
    }

    private static int clamp255(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
