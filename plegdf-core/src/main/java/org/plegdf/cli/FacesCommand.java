package org.plegdf.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import org.plegdf.data.ImageFiles;
import org.plegdf.face.DetectorKind;
import org.plegdf.face.FaceFinder;
import org.plegdf.face.FacePipeline;
import org.plegdf.face.FaceSettings;
import org.plegdf.face.HeadPose;
import org.plegdf.face.Point2;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code plegdf faces}: every face of a few images, with box, score, 68 landmarks and head pose. */
@Command(name = "faces", description = {
    "Find the faces of one or more images and print, per face, its box, detector score, dlib's 68",
    "landmarks (image pixels) and head pose (yaw, pitch, roll in degrees). See docs/preprocess.md."})
public final class FacesCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (png, jpg, bmp).")
    List<Path> images;

    @Option(names = "--box", paramLabel = "L,T,W,H", description = "Skip detection: landmarks on this box (a dlib rectangle: left, top, width, height); repeatable, one image only.")
    List<String> boxes = new ArrayList<>();

    @Option(names = "--json", description = "Print exactly a JSON array, one object per image.")
    boolean json;

    @Option(names = "--detector", defaultValue = "blazeface", description = "blazeface, haar or yunet (default: ${DEFAULT-VALUE}).")
    String detector;

    @Option(names = "--detector-model", description = "YuNet ONNX file (with --detector yunet).")
    Path detectorModel;

    @Option(names = "--landmarks", description = "dlib's shape_predictor_68_face_landmarks.dat (default: Debian's libdlib-data copy).")
    Path landmarks;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<double[]> given = parseBoxes();
        if (!given.isEmpty() && images.size() != 1) {
            throw new PlegdfException(ExitCodes.USAGE, "--box needs exactly one image (got " + images.size() + ")");
        }
        FaceSettings settings = new FaceSettings(DetectorKind.parse(detector), detectorModel, 224, FaceSettings.PHOTO_MIN_FACE, landmarks, 0);
        ObjectMapper mapper = new ObjectMapper();
        ArrayNode all = mapper.createArrayNode();
        PrintWriter out = spec.commandLine().getOut();
        try (FaceFinder finder = new FaceFinder(settings)) {
            for (Path image : images) {
                List<FaceFinder.Found> faces;
                try (Mat bgr = FacePipeline.toMat(ImageFiles.readRgb(image))) {
                    faces = given.isEmpty() ? finder.find(bgr) : finder.onBoxes(bgr, given);
                }
                ObjectNode o = all.addObject();
                o.put("image", image.toString());
                ArrayNode list = o.putArray("faces");
                faces.forEach(f -> list.add(toJson(mapper, f)));
                if (!json) {
                    print(out, image, faces);
                }
            }
        }
        if (json) {
            out.println(all.toString());
        }
        out.flush();
        return ExitCodes.OK;
    }

    private List<double[]> parseBoxes() {
        List<double[]> out = new ArrayList<>();
        for (String b : boxes) {
            String[] parts = b.split(",");
            try {
                if (parts.length != 4) {
                    throw new NumberFormatException();
                }
                double[] v = new double[4];
                for (int i = 0; i < 4; i++) {
                    v[i] = Double.parseDouble(parts[i].trim());
                }
                if (!(v[2] >= 2 && v[3] >= 2)) {
                    throw new PlegdfException(ExitCodes.USAGE, "--box " + b + ": width and height must be at least 2 px");
                }
                out.add(v);
            } catch (NumberFormatException e) {
                throw new PlegdfException(ExitCodes.USAGE, "--box " + b + ": expected LEFT,TOP,WIDTH,HEIGHT (four numbers)");
            }
        }
        return out;
    }

    private static ObjectNode toJson(ObjectMapper mapper, FaceFinder.Found f) {
        ObjectNode o = mapper.createObjectNode();
        ArrayNode box = o.putArray("box");
        box.add(round(f.box().x())).add(round(f.box().y())).add(round(f.box().width())).add(round(f.box().height()));
        if (f.score() == null) {
            o.putNull("score");
        } else {
            o.put("score", round(f.score()));
        }
        ArrayNode pts = o.putArray("landmarks");
        for (Point2 p : f.landmarks().points()) {
            pts.addArray().add(round(p.x())).add(round(p.y()));
        }
        HeadPose pose = f.landmarks().pose();
        for (String k : new String[] {"yaw", "pitch", "roll"}) {
            if (pose == null) {
                o.putNull(k);
            }
        }
        if (pose != null) {
            o.put("yaw", round(pose.yaw())).put("pitch", round(pose.pitch())).put("roll", round(pose.roll()));
        }
        return o;
    }

    /** Three decimals: sub-pixel points without float noise. */
    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static void print(PrintWriter out, Path image, List<FaceFinder.Found> faces) {
        out.printf(Locale.ROOT, "%s: %d face%s%n", image, faces.size(), faces.size() == 1 ? "" : "s");
        int i = 1;
        for (FaceFinder.Found f : faces) {
            HeadPose p = f.landmarks().pose();
            out.printf(Locale.ROOT, "  face %d: box %.0f,%.0f,%.0f,%.0f  score %s  yaw %s  pitch %s  roll %s%n", i++,
                    f.box().x(), f.box().y(), f.box().width(), f.box().height(),
                    f.score() == null ? "-" : String.format(Locale.ROOT, "%.2f", f.score()),
                    p == null ? "-" : String.format(Locale.ROOT, "%+.1f", p.yaw()), p == null ? "-" : String.format(Locale.ROOT, "%+.1f", p.pitch()),
                    p == null ? "-" : String.format(Locale.ROOT, "%+.1f", p.roll()));
            StringBuilder sb = new StringBuilder("    landmarks");
            for (Point2 q : f.landmarks().points()) {
                sb.append(String.format(Locale.ROOT, " %.1f,%.1f", q.x(), q.y()));
            }
            out.println(sb);
        }
    }
}
