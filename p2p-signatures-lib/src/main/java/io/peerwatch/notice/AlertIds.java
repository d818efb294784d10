package io.peerwatch.notice;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic alert ids (DESIGN.md, Conventions): hex of the first 128 bits of SHA-256 over
 * (alert type, host, window start, suppression identifier), so a replay or a restart produces
 * the same id for the same alert and a SIEM can de-duplicate on it.
 */
public final class AlertIds {

    private AlertIds() {
    }

    /**
     * Computes the id. The fields are length-prefixed before hashing, so no two different
     * inputs share an encoding.
     *
     * @return 32 lower-case hex characters
     */
    public static String of(AlertType type, IpAddress host, long windowStartMs, String identifier) {
        byte[] t = type.name().getBytes(StandardCharsets.UTF_8);
        byte[] h = host.toBytes();
        byte[] id = identifier.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(4 + t.length + 4 + h.length + 8 + 4 + id.length);
        buf.putInt(t.length).put(t).putInt(h.length).put(h).putLong(windowStartMs).putInt(id.length).put(id);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(buf.array());
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
