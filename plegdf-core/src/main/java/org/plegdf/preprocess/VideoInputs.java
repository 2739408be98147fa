package org.plegdf.preprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/** Turns the {@code --input} of {@code preprocess} (a video, a folder of videos, a manifest) into jobs. */
public final class VideoInputs {
    /** File extensions taken as videos in a folder. */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "mov", "mkv", "m4v", "webm", "mpg", "mpeg", "wmv", "flv");

    private VideoInputs() {}

    /**
     * @param input a video file, a folder (its videos, not recursive) or a {@code .csv} manifest
     * @return the jobs, in a stable order
     */
    public static List<VideoJob> resolve(Path input) {
        if (Files.isDirectory(input)) {
            return folder(input);
        }
        if (!Files.exists(input)) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, input + ": no such file or folder");
        }
        if (extension(input).equals("csv")) {
            return VideoManifest.read(input);
        }
        return List.of(new VideoJob(VideoManifest.folderName(stem(input)), input, null));
    }

    private static List<VideoJob> folder(Path dir) {
        List<Path> videos;
        try (Stream<Path> s = Files.list(dir)) {
            videos = s.filter(Files::isRegularFile)
                    .filter(p -> VIDEO_EXTENSIONS.contains(extension(p)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_DATASET, dir + ": cannot list folder (" + e.getMessage() + ")", e);
        }
        if (videos.isEmpty()) {
            boolean frames = !org.plegdf.data.FrameFolder.of(dir).isEmpty();
            throw new PlegdfException(ExitCodes.BAD_DATASET, dir + ": no videos (" + String.join(", ", VIDEO_EXTENSIONS.stream().sorted().toList()) + ")"
                    + (frames ? "; it holds images: a frame folder needs no preprocessing (a manifest row may point at it, predict --frames reads it)" : ""));
        }
        Map<String, Path> seen = new HashMap<>();
        List<VideoJob> jobs = new ArrayList<>();
        for (Path v : videos) {
            String id = VideoManifest.folderName(stem(v));
            Path other = seen.putIfAbsent(id.toLowerCase(Locale.ROOT), v);
            if (other != null) {
                throw new PlegdfException(ExitCodes.BAD_DATASET,
                        v + ": same name as " + other.getFileName() + " (both would write to " + id + "/); rename one or use a manifest");
            }
            jobs.add(new VideoJob(id, v, null));
        }
        return jobs;
    }

    static String extension(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot <= 0 ? n : n.substring(0, dot);
    }
}
