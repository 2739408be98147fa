import java.nio.file.Path;
import java.util.Locale;
import org.plegdf.data.Manifest;
import org.plegdf.data.ManifestReader;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.Precision;
import org.plegdf.predict.DepressionEstimator;
import org.plegdf.predict.PredictOptions;
import org.plegdf.predict.Prediction;

/**
 * The accuracy guard of issue 15 on any trained model and dataset: every video of a split scored
 * with predict's fast path in float32 and in bfloat16 (BatchNorm folded in both), the largest
 * differences of the video scores and of the mean region weights printed. Usage (after mvn package):
 * java -cp "plegdf-core/target/plegdf.jar:plegdf-core/target/lib/*" tools/infer-bench/PrecisionCheck.java MODEL DATA [SPLIT]
 */
public class PrecisionCheck {
    public static void main(String[] args) {
        Path model = Path.of(args[0]);
        Manifest m = ManifestReader.read(Path.of(args[1]));
        Split split = Split.valueOf((args.length > 2 ? args[2] : "test").toUpperCase(Locale.ROOT));
        double worstScore = 0;
        double worstWeight = 0;
        double sumAbs = 0;
        double lowWeight = 1;
        double highWeight = 0;
        int n = 0;
        long[] ns = new long[2];
        try (DepressionEstimator fp32 = DepressionEstimator.load(model, PredictOptions.defaults(), "cpu", Precision.FP32);
                DepressionEstimator bf16 = DepressionEstimator.load(model, PredictOptions.defaults(), "cpu", Precision.BF16)) {
            for (VideoRecord v : m.split(split)) {
                long t0 = System.nanoTime();
                Prediction p = fp32.predictFrames(v.location());
                long t1 = System.nanoTime();
                Prediction q = bf16.predictFrames(v.location());
                ns[0] += t1 - t0;
                ns[1] += System.nanoTime() - t1;
                double d = Math.abs(p.score() - q.score());
                double w = 0;
                for (int r = 0; r < p.regions().size(); r++) {
                    w = Math.max(w, Math.abs(p.regions().get(r).weight() - q.regions().get(r).weight()));
                    lowWeight = Math.min(lowWeight, p.regions().get(r).weight());
                    highWeight = Math.max(highWeight, p.regions().get(r).weight());
                }
                System.out.printf(Locale.ROOT, "%-12s %4d frames  fp32 %6.3f  bf16 %6.3f  |diff| %.4f  region weights |diff| max %.5f%n",
                        v.videoId(), p.framesUsed(), p.score(), q.score(), d, w);
                worstScore = Math.max(worstScore, d);
                worstWeight = Math.max(worstWeight, w);
                sumAbs += d;
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "%d %s videos: score |bf16 - fp32| max %.4f, mean %.4f BDI-II points; region weights max %.5f"
                + " (fp32 weights %.4f-%.4f); scoring time fp32 %.1f s, bf16 %.1f s%n", n, split.name().toLowerCase(Locale.ROOT), worstScore, sumAbs / n, worstWeight, lowWeight, highWeight,
                ns[0] / 1e9, ns[1] / 1e9);
    }
}
