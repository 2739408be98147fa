package org.plegdf.predict;

import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The report's {@code face} section: a representative aligned face, the region weights over it and
 * the saliency map, and the region weights as a table (kept without images).
 */
final class ReportFace {
    private ReportFace() {}

    /**
     * @param h the report being written
     * @param p the prediction
     * @param saliency its saliency map, or null
     * @param withImages whether to show face images
     */
    static void section(StringBuilder h, Prediction p, SaliencyMap saliency, boolean withImages) {
        h.append("<section id=\"face\">\n<h2>Where the model looked</h2>\n");
        int r = (int) Math.round(Math.sqrt(p.regions().size()));
        if (!withImages || p.faces().isEmpty()) {
            h.append("<p class=\"privacy\">Face images are left out of this report (<code>--no-images</code>): face videos are health data.</p>\n");
        } else {
            SampledFace rep = p.faces().stream()
                    .min(Comparator.comparingDouble((SampledFace f) -> Math.abs(f.score() - p.score())).thenComparingLong(SampledFace::frame))
                    .orElseThrow();
            BufferedImage face = rep.image();
            h.append("<div class=\"figures\">\n");
            figure(h, "face-image", FaceOverlays.landmarks(FaceOverlays.enlarged(face, PredictionReport.FACE_SIDE), rep.landmarks()), "Representative aligned face",
                    "frame " + rep.frame() + (rep.time() != null ? String.format(Locale.ROOT, " (%.1f s)", rep.time()) : "")
                            + ", score " + PredictionReport.f1(rep.score()) + ": of the " + p.faces().size() + " faces kept from across the input, the one scored closest to the video's score.");
            if (!p.regions().isEmpty()) {
                figure(h, "regions-image", FaceOverlays.regions(face, p.regions(), PredictionReport.FACE_SIDE), "Region weights",
                        "How much the fusion drew on each of the " + r + "&times;" + r + " face regions, averaged over all " + p.framesUsed()
                                + " frames. Equal attention would be " + PredictionReport.f0(100.0 / p.regions().size())
                                + "% each: it is the middle of the colour scale, twice that its top.");
            }
            if (saliency != null) {
                figure(h, "saliency-image", FaceOverlays.saliency(face, saliency, PredictionReport.FACE_SIDE), "Saliency",
                        "Pixels whose change would move the score most (gradient of the score), averaged over " + saliency.frames() + " frames.");
            }
            h.append("</div>\n<div class=\"legend\"><span>heat-map colours: low</span><span class=\"ramp\"></span><span>high</span></div>\n");
        }
        if (p.regions().isEmpty()) {
            h.append("<p>This model (ablation <code>").append(PredictionReport.esc(p.model().ablation())).append("</code>) has no FGLSCF region weights.</p>\n");
        } else {
            h.append("<table class=\"grid\" id=\"region-table\">\n<caption>Region weights, laid out as on the face (top row = top of the face crop); equal attention = ")
                    .append(PredictionReport.f0(100.0 / p.regions().size())).append("%</caption>\n<tbody>\n");
            for (int row = 0; row < r; row++) {
                h.append("<tr>");
                for (int col = 0; col < r; col++) {
                    double w = weight(p.regions(), row, col);
                    int rgb = FaceOverlays.colour(RegionWeight.heat(w, p.regions().size()));
                    boolean dark = (0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255)) < 140;
                    h.append(String.format(Locale.ROOT, "<td style=\"background:#%06x;color:%s\">%.1f%%</td>", rgb, dark ? "#fff" : "#000", w * 100));
                }
                h.append("</tr>\n");
            }
            h.append("</tbody>\n</table>\n");
        }
        h.append("</section>\n");
    }

    private static void figure(StringBuilder h, String id, BufferedImage img, String title, String caption) {
        h.append("<figure id=\"").append(id).append("\"><img alt=\"").append(PredictionReport.esc(title)).append("\" width=\"").append(img.getWidth())
                .append("\" height=\"").append(img.getHeight()).append("\" src=\"data:image/png;base64,").append(PredictionReport.png64(img))
                .append("\"><figcaption><b>").append(PredictionReport.esc(title)).append("</b><br>").append(caption).append("</figcaption></figure>\n");
    }

    private static double weight(List<RegionWeight> regions, int row, int col) {
        return regions.stream().filter(w -> w.row() == row && w.col() == col).mapToDouble(RegionWeight::weight).findFirst().orElse(0);
    }
}
