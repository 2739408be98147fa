package org.plegdf.store;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.plegdf.model.ModelConfig;
import org.plegdf.store.ModelStore;
import org.plegdf.util.AtomicFiles;
import org.plegdf.util.BuildInfo;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.Json;
import org.plegdf.util.PlegdfException;

/**
 * A single-file model ({@code model.plegdf}): a zip holding {@value #MANIFEST} (what the bundle is,
 * which format versions and which plegdf made it), the model folder's {@code config.json} (network,
 * input normalisation, rating scale, preprocessing) and {@code weights.safetensors}. Everything a
 * prediction needs, in one file that can be mailed or archived.
 *
 * <p>The manifest is read before anything else, as a plain JSON tree, so a bundle from a newer
 * plegdf is refused by its version number rather than by whatever field this version does not know.
 */
public final class ModelBundle {
    /** Layout version of bundles this plegdf writes; newer ones are refused. */
    public static final int FORMAT_VERSION = 1;
    /** The manifest entry of a bundle. */
    public static final String MANIFEST = "plegdf-bundle.json";
    /** The value of the manifest's {@code format} field. */
    public static final String FORMAT = "plegdf-model-bundle";

    private ModelBundle() {}

    /**
     * The bundle's self-description.
     *
     * @param format always {@value #FORMAT}
     * @param formatVersion the bundle layout version
     * @param modelFormatVersion the config.json layout version inside
     * @param plegdfVersion the plegdf that wrote the bundle
     * @param gitCommit its commit
     * @param created when the bundle was written (UTC)
     * @param source the run or model folder it was exported from
     * @param scale the rating scale's name
     * @param scaleMax the rating scale's maximum
     * @param backbone the backbone
     * @param ablation the ablation
     * @param inputSize the face crop side the network takes
     * @param devRmse the run's best dev RMSE (video level), or null when unknown
     * @param weightsSha256 SHA-256 of weights.safetensors, checked on load
     * @param devBaselineRmse the mean predictor's RMSE on the run's dev videos, or null when unknown
     *     (bundles written before it was recorded)
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Manifest(
            @JsonProperty("format") String format,
            @JsonProperty("format_version") int formatVersion,
            @JsonProperty("model_format_version") int modelFormatVersion,
            @JsonProperty("plegdf_version") String plegdfVersion,
            @JsonProperty("git_commit") String gitCommit,
            @JsonProperty("created") String created,
            @JsonProperty("source") String source,
            @JsonProperty("scale") String scale,
            @JsonProperty("scale_max") double scaleMax,
            @JsonProperty("backbone") String backbone,
            @JsonProperty("ablation") String ablation,
            @JsonProperty("input_size") int inputSize,
            @JsonProperty("dev_rmse") Double devRmse,
            @JsonProperty("weights_sha256") String weightsSha256,
            @JsonProperty("dev_baseline_rmse") Double devBaselineRmse) {}

    /**
     * Writes a bundle from a trained run or a model folder (atomically).
     *
     * @param model a run folder or a model folder
     * @param out the bundle file to write
     * @return the manifest written
     * @throws PlegdfException BAD_MODEL when {@code model} is not a model, OUTPUT_NOT_WRITABLE when
     *     {@code out} cannot be written
     */
    public static Manifest export(Path model, Path out) {
        ModelSource src = ModelSource.of(model);
        if (src.kind() == ModelSource.Kind.BUNDLE) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, model + ": is already a bundle; export takes a run folder or a model folder");
        }
        Path dir = src.modelDir();
        ModelConfig cfg = ModelStore.readConfig(dir);
        byte[] config;
        byte[] weights;
        try {
            config = Files.readAllBytes(dir.resolve(ModelStore.CONFIG));
            weights = Files.readAllBytes(dir.resolve(ModelStore.WEIGHTS));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.BAD_MODEL, dir + ": cannot read the model: " + e.getMessage(), e);
        }
        Manifest m = new Manifest(FORMAT, FORMAT_VERSION, cfg.formatVersion, BuildInfo.version(), BuildInfo.gitCommit(),
                Instant.now().toString(), model.toAbsolutePath().normalize().toString(), cfg.scale.name(), cfg.scale.max(),
                cfg.backbone, cfg.ablation.id(), cfg.inputSize, src.devRmse(), sha256(weights), src.devBaselineRmse());
        try {
            byte[] manifest = Json.mapper().writeValueAsBytes(m);
            AtomicFiles.write(out, stream -> writeZip(stream, manifest, config, weights));
        } catch (IOException e) {
            throw new PlegdfException(ExitCodes.OUTPUT_NOT_WRITABLE, "cannot write " + out + ": " + e.getMessage(), e);
        }
        return m;
    }

    private static void writeZip(OutputStream stream, byte[] manifest, byte[] config, byte[] weights) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(stream);
        put(zip, MANIFEST, manifest);
        put(zip, ModelStore.CONFIG, config);
        put(zip, ModelStore.WEIGHTS, weights);
        // finish, not close: AtomicFiles closes the underlying stream.
        zip.finish();
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(bytes);
        zip.closeEntry();
    }

    /**
     * Reads and checks a bundle's manifest.
     *
     * @param bundle the bundle file
     * @return its manifest
     * @throws PlegdfException BAD_MODEL when the file is not a bundle or is from a newer plegdf
     */
    public static Manifest readManifest(Path bundle) {
        try (ZipFile zip = open(bundle)) {
            return manifest(bundle, zip);
        } catch (IOException e) {
            throw bad(bundle, "cannot read the bundle: " + e.getMessage(), e);
        }
    }

    /**
     * Unpacks a bundle's model folder after checking its manifest and the weights' checksum.
     *
     * @param bundle the bundle file
     * @param dir an empty folder to unpack into
     * @return the manifest
     * @throws PlegdfException BAD_MODEL naming the bundle and the problem
     */
    static Manifest unpack(Path bundle, Path dir) {
        try (ZipFile zip = open(bundle)) {
            Manifest m = manifest(bundle, zip);
            for (String name : new String[] {ModelStore.CONFIG, ModelStore.WEIGHTS}) {
                ZipEntry e = zip.getEntry(name);
                if (e == null) {
                    throw bad(bundle, "damaged bundle: no " + name + " inside", null);
                }
                try (InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, dir.resolve(name));
                }
            }
            String sha = sha256(Files.readAllBytes(dir.resolve(ModelStore.WEIGHTS)));
            if (!sha.equalsIgnoreCase(m.weightsSha256())) {
                throw bad(bundle, "damaged bundle: the weights' checksum does not match the manifest", null);
            }
            return m;
        } catch (IOException e) {
            throw bad(bundle, "cannot read the bundle: " + e.getMessage(), e);
        }
    }

    private static ZipFile open(Path bundle) {
        if (!Files.isRegularFile(bundle)) {
            throw bad(bundle, "model bundle not found", null);
        }
        try {
            return new ZipFile(bundle.toFile());
        } catch (ZipException e) {
            throw bad(bundle, "not a plegdf model bundle (not a zip archive; make one with `plegdf export`)", e);
        } catch (IOException e) {
            throw bad(bundle, "cannot read the bundle: " + e.getMessage(), e);
        }
    }

    private static Manifest manifest(Path bundle, ZipFile zip) throws IOException {
        ZipEntry e = zip.getEntry(MANIFEST);
        if (e == null) {
            throw bad(bundle, "not a plegdf model bundle (no " + MANIFEST + " inside)", null);
        }
        JsonNode n;
        try (InputStream in = zip.getInputStream(e)) {
            n = Json.mapper().readTree(in);
        } catch (IOException ex) {
            throw bad(bundle, "damaged bundle: " + MANIFEST + " is not JSON", ex);
        }
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw bad(bundle, "not a plegdf model bundle (" + MANIFEST + " has no \"format\": \"" + FORMAT + "\")", null);
        }
        String madeBy = n.path("plegdf_version").asText("unknown");
        int version = n.path("format_version").asInt(-1);
        if (version > FORMAT_VERSION) {
            throw bad(bundle, "bundle format version " + version + " (made by plegdf " + madeBy + ") is newer than this plegdf "
                    + BuildInfo.version() + " understands (" + FORMAT_VERSION + "); upgrade plegdf", null);
        }
        int modelVersion = n.path("model_format_version").asInt(-1);
        if (modelVersion > ModelConfig.FORMAT_VERSION) {
            throw bad(bundle, "model format version " + modelVersion + " (made by plegdf " + madeBy + ") is newer than this plegdf "
                    + BuildInfo.version() + " understands (" + ModelConfig.FORMAT_VERSION + "); upgrade plegdf", null);
        }
        if (version < 1 || modelVersion < 1) {
            throw bad(bundle, "damaged bundle: " + MANIFEST + " has no valid format_version / model_format_version", null);
        }
        try {
            return Json.mapper().treeToValue(n, Manifest.class);
        } catch (IOException ex) {
            throw bad(bundle, "damaged bundle: " + MANIFEST + ": " + ex.getMessage().lines().findFirst().orElse(""), ex);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static PlegdfException bad(Path bundle, String problem, Throwable cause) {
        return new PlegdfException(ExitCodes.BAD_MODEL, bundle + ": " + problem, cause);
    }
}
