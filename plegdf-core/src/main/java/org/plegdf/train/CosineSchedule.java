package org.plegdf.train;

/**
 * Learning-rate factor over training steps: linear warm-up, then cosine decay to zero
 * (architecture.md section 6: cosine schedule with one epoch of warm-up).
 */
public final class CosineSchedule {
    private final long warmupSteps;
    private final long totalSteps;

    /**
     * @param warmupSteps steps of linear warm-up (0 for none)
     * @param totalSteps all steps of the run
     */
    public CosineSchedule(long warmupSteps, long totalSteps) {
        this.totalSteps = Math.max(1, totalSteps);
        this.warmupSteps = Math.min(Math.max(0, warmupSteps), this.totalSteps - 1);
    }

    /**
     * @param step 0-based step
     * @return the factor in (0, 1] that multiplies each group's base learning rate
     */
    public double factor(long step) {
        if (step < warmupSteps) {
            return (step + 1) / (double) warmupSteps;
        }
        double progress = (step - warmupSteps) / (double) Math.max(1, totalSteps - warmupSteps);
        return 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, progress)));
    }
}
