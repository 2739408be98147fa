package org.plegdf.cli;

import java.util.Optional;
import org.plegdf.model.Engines;
import picocli.CommandLine.Option;

/**
 * The one {@code --device} option of every command that computes, with the two options that say
 * which PyTorch native library the engine loads ({@code --libtorch}, {@code --allow-engine-download}).
 */
public final class DeviceOption {
    /** The device a command runs on when none is given. */
    public static final String DEFAULT = "auto";

    @Option(names = "--device", paramLabel = "DEVICE", description = "auto (a GPU when the PyTorch library in use sees one, else cpu),"
            + " cpu, gpu, gpu:N; train also takes a list gpu:0,gpu:1 (data parallel). Default: " + DEFAULT + ".")
    String device;

    @Option(names = "--libtorch", paramLabel = "DIR|auto", description = "PyTorch 2.7.1 native library to load: a pip install's"
            + " torch/lib, an unpacked libtorch folder, or auto (the first usable CUDA one `plegdf info` finds). Default:"
            + " $PLEGDF_LIBTORCH, else the bundled CPU library.")
    String libtorch;

    @Option(names = "--allow-engine-download", description = "Let DJL download its CUDA 12.8 build of PyTorch into its cache"
            + " (~/.djl.ai) on this run; the native library only, no data leaves the machine. Also PLEGDF_ALLOW_ENGINE_DOWNLOAD=1.")
    boolean allowEngineDownload;

    /**
     * Records the library choice for the engine's start and returns the device.
     *
     * @return the --device value, {@value #DEFAULT} when not given
     */
    public String device() {
        Engines.selectLibrary(libtorch, allowEngineDownload);
        return device == null ? DEFAULT : device;
    }

    /**
     * For resumption, where a run keeps its recorded device unless one is given.
     *
     * @return the --device value when given
     */
    public Optional<String> given() {
        Engines.selectLibrary(libtorch, allowEngineDownload);
        return Optional.ofNullable(device);
    }
}
