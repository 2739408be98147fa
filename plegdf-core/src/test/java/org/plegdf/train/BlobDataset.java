package org.plegdf.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.plegdf.data.ManifestWriter;
import org.plegdf.data.Split;
import org.plegdf.data.VideoRecord;
import org.plegdf.model.Ablation;
import org.plegdf.model.BackboneSpec;
import org.plegdf.testkit.TinyModel;

/**
 * A tiny generated dataset whose ground truth is known: each video's frames show a bright disc
 * whose radius grows with the video's label, on a noisy background, so a model can learn it.
 */
public final class BlobDataset {
    private BlobDataset() {}

    /**
     * A run configuration small enough for command-line tests: 1 epoch of the tiny network
     * at 48 px on CPU.
     */
    public static RunConfig tinyRun() {
        RunConfig rc = new RunConfig();
        rc.model = TinyModel.config(BackboneSpec.RESNET18_QUARTER, Ablation.FULL, 48);
        rc.training.epochs = 1;
        rc.training.batchSize = 4;
        rc.training.device = "cpu";
        return rc;
    }

    /**
     * @param file where to write {@link #tinyRun()}
     * @return the file, for {@code --config}
     */
    public static Path writeTinyRun(Path file) {
        org.plegdf.util.Json.write(file, tinyRun());
        return file;
    }

    /**
     * Like {@link #write}, with two videos per subject (videos 2j and 2j+1 are subject "p" + j), so
     * that grouping by subject matters; give even counts per split.
     */
    public static Path writePaired(Path root, int trainVideos, int devVideos, int testVideos, int frames, int size, long seed) throws IOException {
        write(root, trainVideos, devVideos, testVideos, frames, size, seed);
        List<VideoRecord> paired = new ArrayList<>();
        int i = 0;
        for (VideoRecord r : org.plegdf.data.ManifestReader.read(root).records()) {
            paired.add(VideoRecord.frames(root, r.videoId(), "p" + (i++ / 2), r.split(), r.label(), r.relativePath()));
        }
        ManifestWriter.write(root, paired);
        return root;
    }

    /**
     * A dataset without any signal: every frame of every video is the same image, so a model can
     * only predict one constant. Labels 10 and 30 alternate in each split (a mean of 20 in every
     * split and in every fold of an even number of videos that alternates the same way), so no
     * constant beats the mean predictor: the constant 20.
     *
     * @param root the dataset folder
     * @param train train videos (even)
     * @param dev dev videos (even)
     * @param frames frames per video
     * @return root
     */
    public static Path writeNoSignal(Path root, int train, int dev, int frames) throws IOException {
        BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(120, 90, 80));
        g.fillRect(0, 0, 48, 48);
        g.setColor(new Color(230, 200, 170));
        g.fillOval(12, 12, 24, 24);
        g.dispose();
        List<VideoRecord> records = new ArrayList<>();
        for (int v = 0; v < train + dev; v++) {
            String rel = "frames/v" + v;
            Files.createDirectories(root.resolve(rel));
            for (int f = 0; f < frames; f++) {
                ImageIO.write(img, "png", root.resolve(rel).resolve(String.format("f%03d.png", f)).toFile());
            }
            records.add(VideoRecord.frames(root, "v" + v, "s" + v, v < train ? Split.TRAIN : Split.DEV, v % 2 == 0 ? 10 : 30, rel));
        }
        ManifestWriter.write(root, records);
        return root;
    }

    public static Path write(Path root, int trainVideos, int devVideos, int testVideos, int frames, int size, long seed) throws IOException {
        Random rng = new Random(seed);
        List<VideoRecord> records = new ArrayList<>();
        int id = 0;
        int[] counts = {trainVideos, devVideos, testVideos};
        Split[] splits = {Split.TRAIN, Split.DEV, Split.TEST};
        for (int s = 0; s < 3; s++) {
            for (int v = 0; v < counts[s]; v++, id++) {
                double label = 3 + rng.nextDouble() * 40;
                String rel = "frames/v" + id;
                Path dir = root.resolve(rel);
                Files.createDirectories(dir);
                for (int f = 0; f < frames; f++) {
                    BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
                    Graphics2D g = img.createGraphics();
                    g.setColor(new Color(40 + rng.nextInt(30), 40 + rng.nextInt(30), 60));
                    g.fillRect(0, 0, size, size);
                    double r = size * (0.1 + 0.35 * label / 63) + rng.nextGaussian();
                    int cx = size / 2 + rng.nextInt(5) - 2;
                    int cy = size / 2 + rng.nextInt(5) - 2;
                    g.setColor(new Color(230, 200, 170));
                    g.fillOval((int) (cx - r), (int) (cy - r), (int) (2 * r), (int) (2 * r));
                    g.dispose();
                    ImageIO.write(img, "png", dir.resolve(String.format("f%03d.png", f)).toFile());
                }
                records.add(VideoRecord.frames(root, "v" + id, "s" + id, splits[s], Math.round(label * 10) / 10.0, rel));
            }
        }
        ManifestWriter.write(root, records);
        return root;
    }
}
