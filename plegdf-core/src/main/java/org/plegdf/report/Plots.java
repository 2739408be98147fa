package org.plegdf.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** The PNG charts of training runs and reports (XChart), written atomically. */
public final class Plots {
    private Plots() {}

    /**
     * A line chart of one or more series over a shared x axis.
     *
     * @param file the PNG to write
     * @param title chart title
     * @param xLabel x-axis label
     * @param yLabel y-axis label
     * @param x x values
     * @param series name to y values (same length as x)
     */
    public static void lines(Path file, String title, String xLabel, String yLabel, double[] x, Map<String, double[]> series) {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            XYSeries s = chart.addSeries(e.getKey(), x, e.getValue());
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, file);
    }

    /**
     * Predicted against true scores, with the identity line.
     *
     * @param file the PNG to write
     * @param title chart title
     * @param truth true scores
     * @param predicted predicted scores
     * @param max the scale's maximum (axis range)
     * @param scaleName e.g. BDI-II
     */
    public static void scatter(Path file, String title, double[] truth, double[] predicted, double max, String scaleName) {
        XYChart chart = new XYChartBuilder().width(600).height(600).title(title)
                .xAxisTitle("true " + scaleName).yAxisTitle("predicted " + scaleName).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(max).setYAxisMin(0.0).setYAxisMax(max);
        chart.addSeries("videos", truth, predicted);
        XYSeries id = chart.addSeries("y = x", new double[] {0, max}, new double[] {0, max});
        id.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        id.setMarker(SeriesMarkers.NONE);
        id.setLineColor(Color.GRAY);
        save(chart, file);
    }

    /**
     * @param chart any XChart chart
     * @param file the PNG to write (atomically)
     */
    public static void save(Chart<?, ?> chart, Path file) {
        try {
            AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
