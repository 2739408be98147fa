package org.plegdf.predict;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.plegdf.model.RatingScale;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * The prediction report: one self-contained HTML file (styles inline, images as base64 data URIs,
 * no script, nothing fetched) that any browser opens. Sections, each an element with a stable id:
 * {@code result} (score and band in words, the interval), {@code scale} (the bands), {@code timeline}
 * (per-frame scores), {@code face} (a representative aligned face, the region weights and the
 * saliency map over it), {@code details} (frames used, input, model) and {@code reading} (what the
 * numbers do and do not mean).
 *
 * <p>Without face images ({@code --no-images}; face videos are health data) the face section keeps
 * the region weights as a table and says that the images were left out.
 */
public final class PredictionReport {
    /** Side of the face figures in pixels. */
    static final int FACE_SIDE = 300;
    /** The report's style sheet, inlined so the file stands alone. */
    private static final String CSS = resource("report.css");

    private PredictionReport() {}

    /**
     * Writes the report atomically.
     *
     * @param file the .html file
     * @param p the prediction
     * @param saliency the saliency map of {@code p}'s faces, or null without face images
     * @param withImages whether to show face images (representative face, heat maps)
     */
    public static void write(Path file, Prediction p, SaliencyMap saliency, boolean withImages) {
        String html = html(p, saliency, withImages);
        try {
            AtomicFiles.write(file, html.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param p the prediction
     * @param saliency its saliency map, or null
     * @param withImages whether to show face images
     * @return the report's HTML
     */
    static String html(Prediction p, SaliencyMap saliency, boolean withImages) {
        StringBuilder h = new StringBuilder(64 * 1024);
        String scale = esc(p.scale().name());
        String title = inputName(p);
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc("plegdf estimate: " + title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        h.append("<header><h1>Depression intensity estimate</h1><p class=\"sub\">").append(esc(title)).append(" &middot; ")
                .append(esc(ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT))))
                .append(" &middot; plegdf ").append(esc(p.plegdfVersion())).append("</p></header>\n");
        result(h, p, scale);
        scale(h, p);
        timeline(h, p);
        ReportFace.section(h, p, saliency, withImages);
        details(h, p);
        reading(h, p);
        h.append("</main>\n</body>\n</html>\n");
        return h.toString();
    }

    private static void result(StringBuilder h, Prediction p, String scale) {
        RatingScale rs = p.scale().ratingScale();
        int index = rs.indexOf(p.band());
        RatingScale.Band band = index < 0 ? null : rs.bands().get(index);
        String lowBand = rs.bandOf(p.interval().lo());
        String highBand = rs.bandOf(p.interval().hi());
        h.append("<section id=\"result\">\n<h2>Result</h2>\n<div class=\"score\"><span class=\"big\">")
                .append(f1(p.score())).append("</span><span class=\"of\"> / ").append(f0(p.scale().max())).append(' ').append(scale)
                .append("</span><span class=\"band band-").append(Math.max(0, index)).append("\">").append(esc(p.band())).append("</span></div>\n");
        h.append("<p class=\"words\">The estimated ").append(scale).append(" score is <b>").append(f1(p.score())).append("</b> out of ")
                .append(f0(p.scale().max())).append(", in the <b>").append(esc(p.band())).append("</b> band");
        if (band != null) {
            h.append(" (").append(f0(band.min())).append("&ndash;").append(f0(band.max())).append(')');
        }
        h.append(".</p>\n<p class=\"words\">");
        if (p.framesUsed() > 1) {
            h.append(f0(p.intervalLevel() * 100)).append("% interval over frames: <b>").append(f1(p.interval().lo())).append(" to ")
                    .append(f1(p.interval().hi())).append("</b>");
            h.append(lowBand.equals(highBand) ? " (all " + esc(lowBand) + ")" : " (from " + esc(lowBand) + " to " + esc(highBand) + ")");
            h.append(". Based on <b>").append(p.framesUsed()).append("</b> frames with a usable face");
            if (p.framesWithoutFace() > 0) {
                h.append("; ").append(p.framesWithoutFace()).append(" analysed frame").append(p.framesWithoutFace() == 1 ? " had" : "s had")
                        .append(" no usable face and ").append(p.framesWithoutFace() == 1 ? "was" : "were").append(" left out");
            }
            h.append(".</p>\n");
        } else {
            h.append("Based on a <b>single image</b>: one frame gives no spread, so there is no interval; a video gives a steadier estimate.</p>\n");
        }
        h.append("<p class=\"note\">This is a statistical estimate from facial appearance by a machine-learning model, "
                + "<b>not a diagnosis</b>. ");
        if (p.model().devRmse() != null) {
            h.append("On the videos this model was checked on during training, its estimates were off by about <b>")
                    .append(f1(p.model().devRmse())).append("</b> points (RMSE), more than the interval above, which only shows how much the score changes from frame to frame.");
        } else {
            h.append("The model's typical error is not recorded with it; the interval above only shows how much the score changes from frame to frame, not how far the model may be from the truth.");
        }
        h.append("</p>\n");
        if (p.model().worseThanGuessing()) {
            h.append("<p class=\"note worse\" id=\"worse-than-guessing\"><b>This model is no better than guessing.</b> On its dev videos it was off by ")
                    .append(f1(p.model().devRmse())).append(" points (RMSE), while always predicting the training labels' mean was off by ")
                    .append(f1(p.model().devMeanPredictorRmse())).append(". Do not read the score above as a result.</p>\n");
        }
        for (String w : p.input().warnings()) {
            h.append("<p class=\"note input-warning\"><b>Input warning:</b> ").append(esc(w))
                    .append(". The estimate covers only the part that could be read.</p>\n");
        }
        h.append("</section>\n");
    }

    private static void scale(StringBuilder h, Prediction p) {
        h.append("<section id=\"scale\">\n<h2>The ").append(esc(p.scale().name())).append(" scale</h2>\n<p>Scores run from 0 to ")
                .append(f0(p.scale().max())).append("; higher means more severe symptoms. The bands:</p>\n")
                .append("<table class=\"bands\">\n<thead><tr><th>band</th><th>scores</th></tr></thead>\n<tbody>\n");
        List<RatingScale.Band> bands = p.scale().bands();
        for (int i = 0; i < bands.size(); i++) {
            RatingScale.Band b = bands.get(i);
            boolean here = b.label().equals(p.band());
            h.append("<tr").append(here ? " class=\"here\"" : "").append("><td><span class=\"dot band-").append(i).append("\"></span>")
                    .append(esc(b.label())).append("</td><td>").append(f0(b.min())).append("&ndash;").append(f0(b.max()))
                    .append(here ? " &larr; this estimate" : "").append("</td></tr>\n");
        }
        h.append("</tbody>\n</table>\n</section>\n");
    }

    private static void timeline(StringBuilder h, Prediction p) {
        h.append("<section id=\"timeline\">\n<h2>Score over the video</h2>\n");
        if (p.framesUsed() < 2) {
            h.append("<p>A single frame has no timeline.</p>\n");
        } else {
            h.append("<img class=\"chart\" alt=\"per-frame score timeline\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(TimelineChart.png(p))).append("\">\n")
                    .append("<p class=\"caption\">Each dot is one analysed frame with a face. The solid line is the video's score (the mean of the dots), "
                            + "the dashed lines its interval; dotted grey lines separate the bands.</p>\n");
        }
        h.append("</section>\n");
    }

    private static void details(StringBuilder h, Prediction p) {
        Prediction.Input in = p.input();
        Prediction.ModelInfo m = p.model();
        h.append("<section id=\"details\">\n<h2>Frames and model</h2>\n<table class=\"kv\">\n<tbody>\n");
        row(h, "frames used", "<b id=\"frames-used\">" + p.framesUsed() + "</b>");
        row(h, "analysed frames without a usable face", Integer.toString(p.framesWithoutFace()));
        row(h, "input", esc(in.kind()) + (in.path() != null ? ": <code>" + esc(in.path()) + "</code>" : ""));
        if (in.kind().equals("video")) {
            row(h, "frames analysed", in.framesAnalysed() + " (one video frame in " + in.frameStep() + ")");
            if (in.durationSeconds() != null) {
                row(h, "video length read", String.format(Locale.ROOT, "%.1f s", in.durationSeconds()));
            }
        }
        for (String w : in.warnings()) {
            row(h, "input warning", esc(w));
        }
        row(h, "processing time", String.format(Locale.ROOT, "%.1f s", in.processingSeconds()));
        row(h, "model", "<code>" + esc(m.source()) + "</code> (" + esc(m.kind()) + ")");
        row(h, "network", esc(m.backbone()) + ", " + m.inputSize() + " px face crops, ablation " + esc(m.ablation()));
        row(h, "model's dev RMSE", m.devRmse() == null ? "not recorded" : f1(m.devRmse())
                + (m.devMeanPredictorRmse() == null ? "" : " (mean predictor " + f1(m.devMeanPredictorRmse()) + ")"));
        row(h, "trained on", m.trainedOn() == null ? "not recorded" : esc(m.trainedOn()));
        Prediction.Preprocessing pre = m.preprocessing();
        row(h, "face preprocessing", "one frame in " + pre.frameStep() + ", " + esc(pre.detector()) + " detector, faces &ge; "
                + f0(pre.minFace() * 100) + "% of the frame's shorter side, " + pre.cropSize() + " px crops (from " + esc(pre.source()) + ")");
        h.append("</tbody>\n</table>\n<p class=\"caption\">All numbers are in <code>prediction.json</code> beside this report.</p>\n</section>\n");
    }

    private static void reading(StringBuilder h, Prediction p) {
        h.append("<section id=\"reading\">\n<h2>How to read this</h2>\n<ul>\n")
                .append("<li>The score is the mean of the scores the network gave each frame with a face. The network was trained to match ")
                .append(esc(p.scale().name())).append(" questionnaire scores from facial appearance only; it hears no speech and reads no answers.</li>\n")
                .append(String.format(Locale.ROOT, "<li>The interval is a bootstrap over frames (%s): it shows how much the estimate depends on which frames were seen. "
                        + "It does not include the model's own error.</li>\n", p.interval().resamples() > 0
                        ? String.format(Locale.ROOT, "frames resampled %,d times, seeded", p.interval().resamples()) : "none for a single frame"))
                .append("<li>Region weights and saliency show what the network used, not what is clinically relevant.</li>\n")
                .append("<li>Lighting, camera angle, glasses, make-up and video quality all change the estimate. Only a clinician can assess depression.</li>\n")
                .append("</ul>\n</section>\n");
    }

    private static void row(StringBuilder h, String key, String valueHtml) {
        h.append("<tr><th>").append(esc(key)).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private static String inputName(Prediction p) {
        if (p.input().path() == null) {
            return "image";
        }
        Path name = Path.of(p.input().path()).getFileName();
        return name == null ? p.input().path() : name.toString();
    }

    private static String resource(String name) {
        try (InputStream in = PredictionReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " beside " + PredictionReport.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String png64(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String f0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
