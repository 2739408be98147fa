package org.plegdf.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The torchvision ResNet layouts plegdf builds, plus reduced-width ResNet-18 variants for quick CPU
 * runs. Width 64 is torchvision's; the reduced variants divide every stage's width.
 */
public enum BackboneSpec {
    /** torchvision resnet18: BasicBlock, [2, 2, 2, 2]. */
    RESNET18("resnet18", false, new int[] {2, 2, 2, 2}, 64),
    /** torchvision resnet34: BasicBlock, [3, 4, 6, 3]. */
    RESNET34("resnet34", false, new int[] {3, 4, 6, 3}, 64),
    /** torchvision resnet50: Bottleneck, [3, 4, 6, 3]. */
    RESNET50("resnet50", true, new int[] {3, 4, 6, 3}, 64),
    /** resnet18 at half width (base 32): the CPU variant. */
    RESNET18_HALF("resnet18-half", false, new int[] {2, 2, 2, 2}, 32),
    /** resnet18 at quarter width (base 16): the smallest CPU variant, used by tests and the demo. */
    RESNET18_QUARTER("resnet18-quarter", false, new int[] {2, 2, 2, 2}, 16);

    private final String id;
    private final boolean bottleneck;
    private final int[] blocks;
    private final int baseWidth;

    BackboneSpec(String id, boolean bottleneck, int[] blocks, int baseWidth) {
        this.id = id;
        this.bottleneck = bottleneck;
        this.blocks = blocks;
        this.baseWidth = baseWidth;
    }

    /** @return the configuration name, e.g. {@code resnet50} */
    public String id() {
        return id;
    }

    /** @return true for Bottleneck blocks (ResNet-50), false for BasicBlock */
    public boolean bottleneck() {
        return bottleneck;
    }

    /** @return residual blocks per stage (layer1..layer4) */
    public int[] blocks() {
        return blocks.clone();
    }

    /** @return width of the stem and of layer1's 3x3 convolutions */
    public int baseWidth() {
        return baseWidth;
    }

    /** @return output channels of a block (4 for Bottleneck, 1 for BasicBlock) per unit of width */
    public int expansion() {
        return bottleneck ? 4 : 1;
    }

    /** @return channels of the C3 tap (layer3 output) */
    public int c3Channels() {
        return baseWidth * 4 * expansion();
    }

    /** @return channels of the C4 tap (layer4 output) */
    public int c4Channels() {
        return baseWidth * 8 * expansion();
    }

    /**
     * @param s a backbone name such as {@code resnet50}
     * @return the spec
     * @throws IllegalArgumentException naming the valid choices
     */
    public static BackboneSpec parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT);
        for (BackboneSpec b : values()) {
            if (b.id.equals(k)) {
                return b;
            }
        }
        throw new IllegalArgumentException(
                "unknown backbone '" + s + "' (choose one of "
                        + Arrays.stream(values()).map(BackboneSpec::id).collect(Collectors.joining(", ")) + ")");
    }
}
