package org.plegdf.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The ablations of the spec (architecture.md section 5), one switch each. */
public enum Ablation {
    /** The whole network. */
    FULL("full"),
    /** L' = L and G' = G: no region attention, no local perception unit, no local-driven enhancement. */
    NO_PLEGDF("no-plegdf"),
    /** z = [mean(L'); g_p]: no cross-attention, no region pooling, no consistency loss. */
    NO_FGLSCF("no-fglscf"),
    /** z = global average pool of C4, then the regression head. */
    BACKBONE_ONLY("backbone-only");

    private final String id;

    Ablation(String id) {
        this.id = id;
    }

    /** @return the name used in configuration files and on the command line */
    @JsonValue
    public String id() {
        return id;
    }

    /** @return whether the PLEGDF module (region attention, perception unit, enhancement) is on */
    public boolean usesPlegdf() {
        return this == FULL || this == NO_FGLSCF;
    }

    /** @return whether the FGLSCF module (cross-correlation, region pooling, aux heads) is on */
    public boolean usesFglscf() {
        return this == FULL || this == NO_PLEGDF;
    }

    /** @return whether tokens are built at all (every ablation but backbone-only) */
    public boolean usesTokens() {
        return this != BACKBONE_ONLY;
    }

    /**
     * @param s a name such as {@code no-plegdf} (case-insensitive, '_' accepted for '-')
     * @return the ablation
     * @throws IllegalArgumentException naming the valid choices
     */
    @JsonCreator
    public static Ablation parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Ablation a : values()) {
            if (a.id.equals(k)) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "unknown ablation '" + s + "' (choose one of "
                        + Arrays.stream(values()).map(Ablation::id).collect(Collectors.joining(", ")) + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
