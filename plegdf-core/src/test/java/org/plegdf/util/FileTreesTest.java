package org.plegdf.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir Path tmp;

    @Test
    void removesANestedTreeAndToleratesAMissingOne() throws Exception {
        Path tree = tmp.resolve("run");
        Files.createDirectories(tree.resolve("a/b"));
        Files.writeString(tree.resolve("a/b/c.txt"), "x");
        Files.writeString(tree.resolve("top.txt"), "y");
        FileTrees.deleteTree(tree);
        assertThat(tree).doesNotExist();
        FileTrees.deleteTree(tree); // missing: nothing to do
    }

    @Test
    void removesALinkWithoutFollowingIt() throws Exception {
        Path kept = Files.createDirectories(tmp.resolve("kept"));
        Files.writeString(kept.resolve("data.txt"), "keep me");
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Files.createSymbolicLink(tree.resolve("link"), kept);
        FileTrees.deleteTree(tree);
        assertThat(tree).doesNotExist();
        assertThat(kept.resolve("data.txt")).hasContent("keep me");
    }
}
