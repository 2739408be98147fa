package org.plegdf.engine;

import ai.djl.Device;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * Parses a {@code --device} value into the devices a run uses: {@code auto}, {@code cpu},
 * {@code gpu}, {@code gpu:N}, or a list of GPUs {@code gpu:0,gpu:1} for data-parallel training.
 */
public final class DeviceSpec {
    /** What every --device error ends with. */
    public static final String FORMS = "use auto, cpu, gpu, gpu:N or a list gpu:0,gpu:1";

    private DeviceSpec() {}

    /**
     * @param spec the option's value (null means auto)
     * @param gpuCount the GPUs PyTorch sees
     * @param library the native library in use, for the message when it is a CPU build
     * @return the devices, first one the main device (where the model's parameters live)
     * @throws PlegdfException BAD_CONFIG for an unknown or inconsistent value, ENGINE for a GPU
     *     that is not there
     */
    public static List<Device> parse(String spec, int gpuCount, Libtorch library) {
        String s = spec == null || spec.isBlank() ? "auto" : spec.trim().toLowerCase(Locale.ROOT);
        String[] items = s.split(",", -1);
        if (items.length == 1 && items[0].equals("auto")) {
            return List.of(gpuCount > 0 ? Device.gpu(0) : Device.cpu());
        }
        Set<Device> devices = new LinkedHashSet<>();
        boolean cpu = false;
        boolean gpu = false;
        for (String raw : items) {
            String item = raw.trim();
            Device d;
            if (item.equals("cpu")) {
                cpu = true;
                d = Device.cpu();
            } else if (item.equals("gpu") || item.startsWith("gpu:")) {
                gpu = true;
                d = Device.gpu(gpuIndex(spec, item));
            } else if (item.equals("auto")) {
                throw bad(spec, "auto cannot be part of a list");
            } else {
                throw bad(spec, "unknown device '" + item + "'");
            }
            if (!devices.add(d)) {
                throw bad(spec, item + " is listed twice");
            }
        }
        if (cpu && gpu) {
            throw bad(spec, "mixes the CPU with GPUs; data-parallel training splits a batch over GPUs only");
        }
        if (gpu) {
            checkVisible(spec, devices, gpuCount, library);
        }
        return List.copyOf(new ArrayList<>(devices));
    }

    private static int gpuIndex(String spec, String item) {
        if (item.equals("gpu")) {
            return 0;
        }
        try {
            int id = Integer.parseInt(item.substring(4));
            if (id < 0) {
                throw bad(spec, "GPU index " + id + " is negative");
            }
            return id;
        } catch (NumberFormatException e) {
            throw bad(spec, "unknown device '" + item + "'");
        }
    }

    private static void checkVisible(String spec, Set<Device> devices, int gpuCount, Libtorch library) {
        if (gpuCount == 0 && (library == null || !library.isCuda())) {
            throw new PlegdfException(ExitCodes.ENGINE, "--device " + spec + ": the PyTorch library in use is the CPU build ("
                    + (library == null ? "bundled pytorch-native-cpu jar" : library.describe()) + "); give a CUDA PyTorch 2.7.1 with"
                    + " --libtorch DIR or auto (a pip torch==2.7.1+cu128 or an unpacked libtorch), or --allow-engine-download;"
                    + " `plegdf info` lists what is found (README, GPU)");
        }
        for (Device d : devices) {
            if (d.getDeviceId() >= gpuCount) {
                throw new PlegdfException(ExitCodes.ENGINE, "--device " + spec + ": " + d + " asked for, but PyTorch sees "
                        + (gpuCount == 0 ? "no GPU (is the NVIDIA driver loaded? CUDA_VISIBLE_DEVICES empty?)"
                                : gpuCount + " GPU(s), gpu:0 to gpu:" + (gpuCount - 1) + " (CUDA_VISIBLE_DEVICES may hide others)"));
            }
        }
    }

    private static PlegdfException bad(String spec, String why) {
        return new PlegdfException(ExitCodes.BAD_CONFIG, "--device " + spec + ": " + why + " (" + FORMS + ")");
    }
}
