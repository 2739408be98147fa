package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.util.ExitCodes;

/** plegdf serve's refusals, before any model is loaded or port bound. */
class ServeCommandTest {
    @TempDir Path dir;

    @Test
    void anOpenHostWithoutATokenIsRefused() {
        CliRunner.Result r = CliRunner.run("serve", "--model", dir.toString(), "--host", "0.0.0.0", "--data-dir", dir.resolve("d").toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--host 0.0.0.0").contains("--token-file").doesNotContain("Exception");
        assertThat(dir.resolve("d")).doesNotExist();
    }

    @Test
    void anEmptyTokenFileOrBadSizeIsRefused() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "\n");
        CliRunner.Result r = CliRunner.run("serve", "--model", dir.toString(), "--token-file", token.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("token file is empty");
        r = CliRunner.run("serve", "--model", dir.toString(), "--max-upload", "huge");
        assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("not a size: 'huge'");
    }
}
