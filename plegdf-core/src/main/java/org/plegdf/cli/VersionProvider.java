package org.plegdf.cli;

import picocli.CommandLine;

/** Reports the plegdf version from the jar manifest (or "dev" when run from classes). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    /** @return the version of this build of plegdf */
    public static String version() {
        String v = VersionProvider.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** @return the git commit this build was made from, as recorded in the jar, or "unknown" */
    public static String gitCommit() {
        try (var in = VersionProvider.class.getResourceAsStream("/plegdf-build.properties")) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            String c = p.getProperty("git.commit", "");
            return c.isBlank() || c.startsWith("${") ? "unknown" : c;
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"plegdf " + version() + " (commit " + gitCommit() + ")"};
    }
}
