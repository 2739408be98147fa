package org.plegdf.predict;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.util.List;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.plegdf.model.RatingScale;

/**
 * The per-frame score timeline of the report (XChart): frame scores over time, the video's score
 * and its interval, and the scale's band boundaries with their names, on the scale's full range so
 * that a flat line is not mistaken for a steep one.
 */
final class TimelineChart {
    private TimelineChart() {}

    /**
     * @param p a prediction with at least two frames
     * @return the chart as PNG bytes
     */
    static byte[] png(Prediction p) {
        List<FrameScore> frames = p.perFrame();
        boolean timed = frames.stream().allMatch(f -> f.time() != null);
        double[] x = frames.stream().mapToDouble(f -> timed ? f.time() : f.frame()).toArray();
        double[] y = frames.stream().mapToDouble(FrameScore::score).toArray();
        double max = p.scale().max();
        XYChart chart = new XYChartBuilder().width(900).height(380)
                .xAxisTitle(timed ? "time in the video (s)" : "frame").yAxisTitle(p.scale().name() + " score").build();
        XYStyler st = chart.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setLegendBorderColor(Color.WHITE);
        st.setBaseFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAnnotationLineColor(new Color(150, 150, 150));
        st.setAnnotationLineStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f));
        st.setAnnotationTextFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setAnnotationTextFontColor(new Color(110, 110, 110));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        chart.getStyler().setYAxisDecimalPattern("0");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(max);
        // A video's timeline starts at 0 s. This also keeps XChart from putting a tick label on every
        // sampled frame, which it does when all x values of the chart are equally spaced.
        double x0 = timed ? 0 : x[0];
        double last = timed && p.input().durationSeconds() != null ? Math.max(x[x.length - 1], p.input().durationSeconds()) : x[x.length - 1];
        double x1 = last > x0 ? last : x0 + 1;
        chart.getStyler().setXAxisMin(x0).setXAxisMax(x1);
        // XChart 3.8 puts a tick every few pixels on short ranges (0, 0.3, 0.6, ...), and the
        // labels run into each other; only ticks on a round step (about 8 over the axis) get one.
        double step = roundStep((x1 - x0) / 8);
        java.text.DecimalFormat fmt = new java.text.DecimalFormat("0.##", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT));
        chart.setCustomXAxisTickLabelsFormatter(v -> Math.abs(v / step - Math.rint(v / step)) < 1e-6 ? fmt.format(v) : "");

        XYSeries s = chart.addSeries("score of each frame", x, y);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(new Color(120, 144, 190));
        s.setMarkerColor(new Color(60, 90, 160));
        s.setLineWidth(1f);
        XYSeries mean = chart.addSeries(String.format(java.util.Locale.ROOT, "video score %.1f", p.score()),
                new double[] {x0, x1}, new double[] {p.score(), p.score()});
        mean.setMarker(SeriesMarkers.NONE);
        mean.setLineColor(new Color(200, 60, 40));
        mean.setLineWidth(2.5f);
        String level = String.format(java.util.Locale.ROOT, "%.0f%% interval", p.intervalLevel() * 100);
        XYSeries lo = chart.addSeries(level, new double[] {x0, x1}, new double[] {p.interval().lo(), p.interval().lo()});
        XYSeries hi = chart.addSeries(level + " ", new double[] {x0, x1}, new double[] {p.interval().hi(), p.interval().hi()});
        for (XYSeries b : new XYSeries[] {lo, hi}) {
            b.setMarker(SeriesMarkers.NONE);
            b.setLineColor(new Color(200, 60, 40));
            b.setLineStyle(SeriesLines.DASH_DASH);
            b.setLineWidth(1f);
        }
        hi.setShowInLegend(false);
        for (RatingScale.Band b : p.scale().bands()) {
            if (b.min() > 0) {
                // Boundaries between bands sit half-way between integer scores (bands hold rounded scores).
                chart.addAnnotation(new AnnotationLine(b.min() - 0.5, false, false));
            }
            double mid = (b.min() + Math.min(b.max(), max)) / 2;
            chart.addAnnotation(new AnnotationText(b.label(), x0 + (x1 - x0) * 0.015, mid, false));
        }
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new IllegalStateException("cannot draw the timeline", e);
        }
    }

    /** @return the smallest of 1, 2, 5 times a power of ten that is at least {@code v} */
    static double roundStep(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v - 1e-12) {
                return m * p;
            }
        }
        return 10 * p;
    }
}
