package org.plegdf.serve;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.plegdf.util.ExitCodes;
import org.plegdf.util.PlegdfException;

/**
 * How {@code plegdf serve} runs: where it listens, who may call it, how much it accepts and keeps.
 *
 * @param host the address to bind; a loopback address unless the operator chose otherwise
 * @param port the TCP port (0 = any free port)
 * @param token the bearer token callers must send, or null (allowed on loopback only)
 * @param maxUploadBytes the largest upload accepted
 * @param workers predictions run at once
 * @param maxQueued jobs that may wait (queued, not running) before new uploads get 503
 * @param dataDir where jobs (uploads and results) are kept, owner-only
 * @param retain how long finished jobs are kept
 * @param logRequests whether requests, file names and scores may be logged
 */
public record ServeSettings(String host, int port, String token, long maxUploadBytes, int workers, int maxQueued, Path dataDir,
        Duration retain, boolean logRequests) {

    /** Tokens shorter than this are refused: a bearer token is a password. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?i?b?)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*([smhdw])", Pattern.CASE_INSENSITIVE);

    /** Checks the values; a host other than loopback requires a token. */
    public ServeSettings {
        require(port >= 0 && port <= 65535, "--port must be in 0-65535, got " + port);
        require(maxUploadBytes > 0, "--max-upload must be positive");
        require(workers >= 1, "--workers must be >= 1, got " + workers);
        require(maxQueued >= 1, "--max-queued must be >= 1, got " + maxQueued);
        require(!retain.isNegative() && !retain.isZero(), "--retain must be positive");
        if (token != null) {
            require(token.length() >= MIN_TOKEN_LENGTH, "the token must have at least " + MIN_TOKEN_LENGTH + " characters");
            require(token.chars().allMatch(c -> c > 32 && c < 127), "the token must be printable ASCII without spaces");
        }
        if (token == null && !isLoopback(host)) {
            throw new PlegdfException(ExitCodes.USAGE, "--host " + host + " is reachable from other machines: give --token-file FILE "
                    + "(callers then send 'Authorization: Bearer <token>'), or bind 127.0.0.1");
        }
    }

    /** @return whether a token is required on every API call */
    public boolean tokenRequired() {
        return token != null;
    }

    /**
     * @param host a host name or address
     * @return whether it names only this machine (127.0.0.0/8, ::1, localhost)
     */
    public static boolean isLoopback(String host) {
        try {
            for (InetAddress a : InetAddress.getAllByName(host)) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            throw new PlegdfException(ExitCodes.USAGE, "--host " + host + ": unknown host");
        }
    }

    /**
     * @param text e.g. 2GB, 500MB, 1.5G, 1048576 (bytes); units are powers of 1024
     * @return the number of bytes
     */
    public static long parseBytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            throw new PlegdfException(ExitCodes.USAGE, "not a size: '" + text + "' (e.g. 2GB, 500MB)");
        }
        String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
        int power = unit.isEmpty() || unit.equals("b") ? 0 : "kmgt".indexOf(unit.charAt(0)) + 1;
        double bytes = Double.parseDouble(m.group(1)) * Math.pow(1024, power);
        if (bytes < 1 || bytes > Long.MAX_VALUE / 2) {
            throw new PlegdfException(ExitCodes.USAGE, "size out of range: '" + text + "'");
        }
        return (long) bytes;
    }

    /**
     * @param text e.g. 7d, 12h, 30m, 90s, 2w
     * @return the duration
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            throw new PlegdfException(ExitCodes.USAGE, "not a duration: '" + text + "' (e.g. 7d, 12h, 30m)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            case 'd' -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    /**
     * @param bytes a size
     * @return it for people, e.g. "2.0 GiB"
     */
    public static String humanBytes(long bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new PlegdfException(ExitCodes.USAGE, message);
        }
    }
}
