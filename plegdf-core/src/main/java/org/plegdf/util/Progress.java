package org.plegdf.util;

import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.LoggerFactory;

/**
 * Progress bars for every long loop: a live bar on a terminal, and a log line every few seconds
 * when output goes to a file or CI log (so logs are not flooded with redraws).
 */
public final class Progress {
    private Progress() {}

    /**
     * @param task what is being done, e.g. "epoch 3/50"
     * @param max the number of units
     * @param unit the unit name, e.g. "batch"
     * @return a started bar; close it when the loop ends
     */
    public static ProgressBar bar(String task, long max, String unit) {
        ProgressBarBuilder b = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(max)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setStyle(ProgressBarStyle.ASCII);
        if (System.console() == null) {
            b.setConsumer(new DelegatingProgressBarConsumer(LoggerFactory.getLogger("progress")::info))
                    .setUpdateIntervalMillis((int) Duration.ofSeconds(10).toMillis());
        }
        return b.build();
    }
}
