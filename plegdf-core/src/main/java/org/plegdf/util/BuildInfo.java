package org.plegdf.util;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** What build of plegdf this is: the version from the jar manifest and the git commit recorded at build time. */
public final class BuildInfo {
    private BuildInfo() {}

    /** @return the version of this build of plegdf ("dev" when run from classes) */
    public static String version() {
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    /** @return the git commit this build was made from, as recorded in the jar, or "unknown" */
    public static String gitCommit() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("/plegdf-build.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String c = p.getProperty("git.commit", "");
            return c.isBlank() || c.startsWith("${") ? "unknown" : c;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
