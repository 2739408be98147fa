package org.plegdf.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** openapi.yaml documents exactly the routes the server has, and docs/ holds the same file it serves. */
class OpenApiDocumentTest {
    private static final Path BASE = Path.of(System.getProperty("basedir", "."));
    private static final Path ROOT = Path.of(System.getProperty("plegdf.root", ".."));

    @Test
    void everyRouteIsDocumentedAndNothingElse() throws Exception {
        String source = Files.readString(BASE.resolve("src/main/java/org/plegdf/serve/PlegdfServer.java"));
        Set<String> routes = new TreeSet<>();
        Matcher m = Pattern.compile("app\\.(get|post|delete|put|patch)\\((API \\+ )?\"([^\"]*)\"").matcher(source);
        while (m.find()) {
            String path = (m.group(2) != null ? PlegdfServer.API : "") + m.group(3);
            if (!path.equals("/") && !path.equals("/app.js")) {
                routes.add(m.group(1) + " " + path);
            }
        }
        assertThat(routes).hasSize(8);
        assertThat(documented(yaml())).isEqualTo(routes);
    }

    @Test
    void docsHoldsTheFileTheServerServes() throws Exception {
        assertThat(Files.readString(ROOT.resolve("docs/openapi.yaml"))).isEqualTo(yaml());
    }

    private static String yaml() throws Exception {
        try (InputStream in = PlegdfServer.class.getResourceAsStream("/org/plegdf/serve/openapi.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** "method path" of every operation: paths at indent 2 under paths:, methods at indent 4. */
    private static Set<String> documented(String yaml) {
        Set<String> ops = new TreeSet<>();
        String path = null;
        boolean inPaths = false;
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ")) {
                inPaths = line.startsWith("paths:");
                continue;
            }
            if (inPaths && line.matches("  /\\S*:\\s*")) {
                path = line.trim().replaceAll(":$", "");
            } else if (inPaths && path != null && line.matches("    (get|post|delete|put|patch):\\s*")) {
                ops.add(line.trim().replaceAll(":$", "") + " " + path);
            }
        }
        return ops;
    }
}
