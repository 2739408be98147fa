package org.plegdf.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** What a manifest row's path points to: a folder of face frames or a video file. */
public enum MediaKind {
    /** A folder of face images, one per frame, ready for the network. */
    FRAMES,
    /** A video file, which must be preprocessed (face detection and alignment) into frames first. */
    VIDEO;

    /** File extensions (lower case, no dot) of frame images. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp");
    /** File extensions (lower case, no dot) of video files. */
    public static final Set<String> VIDEO_EXTENSIONS = Set.of("mp4", "avi", "mov", "mkv", "webm");

    /**
     * @param file a file name or path
     * @return its extension in lower case without the dot, or "" when it has none
     */
    public static String extension(Path file) {
        Path name = file.getFileName();
        if (name == null) {
            return "";
        }
        String s = name.toString();
        int dot = s.lastIndexOf('.');
        return dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * @param file a path
     * @return true when the name ends in a frame image extension (png, jpg, jpeg, bmp)
     */
    public static boolean isImageName(Path file) {
        return IMAGE_EXTENSIONS.contains(extension(file));
    }

    /**
     * @param file a path
     * @return true when the name ends in a video extension (mp4, avi, mov, mkv, webm)
     */
    public static boolean isVideoName(Path file) {
        return VIDEO_EXTENSIONS.contains(extension(file));
    }

    /**
     * Classifies a path by what is on disk (a folder) or by its extension (a file that need not exist).
     *
     * @param path the path
     * @return FRAMES for a folder, VIDEO for a video file name, or null for anything else
     */
    public static MediaKind of(Path path) {
        if (Files.isDirectory(path)) {
            return FRAMES;
        }
        return isVideoName(path) ? VIDEO : null;
    }
}
