package org.plegdf.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.plegdf.train.BlobDataset;
import org.plegdf.train.RunConfig;
import org.plegdf.util.Json;

/**
 * Privacy: plegdf never opens a network connection. The commands run in a separate JVM whose every
 * Java socket (SOCKS, HTTP and HTTPS proxies) is routed to a local trap; the trap must see no
 * connection, and DJL must be in offline mode.
 */
class NoNetworkTest {
    @TempDir Path tmp;

    @Test
    void noCommandOpensAConnection() throws Exception {
        Path data = BlobDataset.write(tmp.resolve("data"), 4, 2, 2, 3, 48, 2);
        RunConfig rc = BlobDataset.tinyRun();
        Path cfg = tmp.resolve("cfg.json");
        Json.write(cfg, rc);

        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket trap = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread t = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (Socket s = trap.accept()) {
                        connections.incrementAndGet();
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
            String port = Integer.toString(trap.getLocalPort());
            List<String[]> commands = List.of(
                    new String[] {"info"},
                    new String[] {"train", "--data", data.toString(), "--out", tmp.resolve("run").toString(), "--config", cfg.toString()},
                    new String[] {"evaluate", "--model", tmp.resolve("run").toString(), "--data", data.toString(), "--out", tmp.resolve("eval").toString()});
            for (String[] args : commands) {
                List<String> cmd = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
                        "-DsocksProxyHost=127.0.0.1", "-DsocksProxyPort=" + port,
                        "-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + port,
                        "-Dhttps.proxyHost=127.0.0.1", "-Dhttps.proxyPort=" + port,
                        "-Dhttp.nonProxyHosts=", "-cp", System.getProperty("java.class.path"), "org.plegdf.cli.PlegdfCli"));
                cmd.addAll(List.of(args));
                Path log = tmp.resolve(args[0] + ".log");
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
                assertThat(p.exitValue()).as(Files.readString(log)).isZero();
                if (args[0].equals("info")) {
                    assertThat(Files.readString(log)).contains("offline          true");
                }
            }
        }
        assertThat(connections.get()).as("network connections attempted").isZero();
    }
}
