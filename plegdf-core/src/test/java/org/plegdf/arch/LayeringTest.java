package org.plegdf.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package rules of docs/design.md, read from the sources: nothing outside cli uses cli. */
class LayeringTest {
    private static final Path SOURCES = Path.of("src/main/java/org/plegdf");
    // an import, or a fully qualified use in code
    private static final Pattern CLI = Pattern.compile("\\borg\\.plegdf\\.cli\\b");

    @Test
    void nothingOutsideCliUsesCli() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (SOURCES.relativize(f).getName(0).toString().equals("cli")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(f);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = CLI.matcher(lines.get(i));
                    if (m.find()) {
                        offenders.add(f + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(offenders).as("uses of org.plegdf.cli outside cli").isEmpty();
    }

    @Test
    void storeSitsBelowTheServices() throws IOException {
        Pattern upward = Pattern.compile("^import org\\.plegdf\\.(cli|train|predict|preprocess|importer|synth)\\.", Pattern.MULTILINE);
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.list(SOURCES.resolve("store"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = upward.matcher(Files.readString(f));
                while (m.find()) {
                    offenders.add(f + ": " + m.group());
                }
            }
        }
        assertThat(offenders).as("store imports the packages that use it").isEmpty();
    }

    @Test
    void theRuleSeesAnImport() {
        assertThat(CLI.matcher("import org.plegdf.cli.VersionProvider;").find()).isTrue();
        assertThat(CLI.matcher("import org.plegdf.client.Foo;").find()).isFalse();
    }
}
