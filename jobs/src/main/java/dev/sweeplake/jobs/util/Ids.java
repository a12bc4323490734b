package dev.sweeplake.jobs.util;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Deterministic ids: a hex prefix of SHA-256 over a canonical string. Thread-safe. */
public final class Ids {
    private Ids() {}

    /** The first {@code hexChars} hex digits of SHA-256(text). */
    public static String sha256Hex(String text, int hexChars) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, hexChars);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
