package org.plegdf.serve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Checks {@code Authorization: Bearer <token>} in constant time: both sides are hashed to 32
 * bytes and compared with {@link MessageDigest#isEqual}, so neither the length nor the first
 * differing byte of the token shows in the response time.
 */
final class BearerAuth {
    private final byte[] expected;

    /**
     * @param token the token callers must send
     */
    BearerAuth(String token) {
        this.expected = sha256(token);
    }

    /**
     * @param authorization the Authorization header, or null
     * @return whether it carries the token
     */
    boolean accepts(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(authorization.substring(7).trim()));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
