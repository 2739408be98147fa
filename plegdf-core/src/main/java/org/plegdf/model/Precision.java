package org.plegdf.model;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The number format inference computes in. {@link #AUTO} picks bfloat16 where the hardware computes
 * it natively (x86 CPUs with AVX512_BF16 or AMX-BF16, CUDA GPUs of compute capability 8.0 and up)
 * and float32 elsewhere: bfloat16 emulated in software is slower than float32.
 */
public enum Precision {
    /** bfloat16 where the device computes it natively, else float32. */
    AUTO,
    /** float32 throughout. */
    FP32,
    /** bfloat16 weights and activations (the network's outputs are returned as float32). */
    BF16;

    private static final Set<String> CPU_BF16_FLAGS = Set.of("avx512_bf16", "amx_bf16");

    /**
     * @param s auto, fp32 or bf16 (case-insensitive)
     * @return the precision
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Precision parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown precision '" + s + "' (use auto, fp32 or bf16)", e);
        }
    }

    /** @return the lower-case name used on the command line and in output */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param device where inference runs
     * @return FP32 or BF16: this precision, or for AUTO what the device computes natively
     */
    public Precision resolve(Device device) {
        if (this != AUTO) {
            return this;
        }
        return nativeBf16(device) ? BF16 : FP32;
    }

    /**
     * @param device a device
     * @return why AUTO chose what it chose there, for start-up lines ("CPU has avx512_bf16")
     */
    public static String reason(Device device) {
        if (device.isGpu()) {
            return "GPU compute capability " + CudaUtils.getComputeCapability(device.getDeviceId());
        }
        String flag = cpuBf16Flag();
        return flag != null ? "CPU has " + flag : "CPU has no avx512_bf16 / amx_bf16";
    }

    private static boolean nativeBf16(Device device) {
        if (device.isGpu()) {
            String cc = CudaUtils.getComputeCapability(device.getDeviceId());
            return cc != null && !cc.isEmpty() && Character.isDigit(cc.charAt(0)) && cc.charAt(0) >= '8';
        }
        return cpuBf16Flag() != null;
    }

    /** The first bf16 instruction-set flag in /proc/cpuinfo (Linux), or null (none, or not Linux). */
    static String cpuBf16Flag() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    for (String f : Pattern.compile("\\s+").split(line.substring(line.indexOf(':') + 1).trim())) {
                        if (CPU_BF16_FLAGS.contains(f)) {
                            return f;
                        }
                    }
                    return null;
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
