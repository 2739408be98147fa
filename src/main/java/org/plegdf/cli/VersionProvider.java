package org.plegdf.cli;

import picocli.CommandLine;

/** Reports the plegdf version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    /** @return the version of this build of plegdf */
    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"plegdf " + version()};
    }
}
