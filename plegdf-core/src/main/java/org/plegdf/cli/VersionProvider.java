package org.plegdf.cli;

import org.plegdf.util.BuildInfo;
import picocli.CommandLine;

/** Tells picocli's {@code --version} which build this is (from {@link BuildInfo}). */
public final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"plegdf " + BuildInfo.version() + " (commit " + BuildInfo.gitCommit() + ")"};
    }
}
