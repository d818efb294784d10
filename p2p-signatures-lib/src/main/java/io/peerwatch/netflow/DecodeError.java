package io.peerwatch.netflow;

import io.peerwatch.core.IpAddress;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * One problem found while decoding an export datagram: what the collector counts per exporter
 * and sends to the dead-letter topic.
 *
 * @param exporter address the datagram came from
 * @param version export version read from the datagram (0 when not even that was readable)
 * @param observationDomain NetFlow v9 source id / IPFIX observation domain (v5: engine type and id), 0 when unknown
 * @param kind the reason, as a category
 * @param offset byte offset in the datagram where the problem starts
 * @param detail human-readable explanation
 * @param receivedAtMs when the datagram was received (epoch ms)
 * @param data the bytes that could not be decoded when the datagram itself is gone (the buffered
 *     data set of a {@link DecodeErrorKind#MISSING_TEMPLATE}); read-only
 */
public record DecodeError(
        IpAddress exporter,
        int version,
        long observationDomain,
        DecodeErrorKind kind,
        int offset,
        String detail,
        long receivedAtMs,
        Optional<ByteBuffer> data) {

    public DecodeError {
        if (exporter == null || kind == null || detail == null || data == null) {
            throw new IllegalArgumentException("decode error fields must not be null");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
        data = data.map(ByteBuffer::asReadOnlyBuffer);
    }

    /**
     * One line naming the exporter, version, domain, byte offset and reason, e.g.
     * {@code datagram from 10.1.2.3 (NetFlow v9, source id 7): BAD_SET at byte offset 20: ...}.
     */
    public String message() {
        return "datagram from " + exporter + " (" + versionName(version) + domainText() + "): " + kind
                + " at byte offset " + offset + ": " + detail;
    }

    private String domainText() {
        return switch (version) {
            case 9 -> ", source id " + observationDomain;
            case 10 -> ", observation domain " + observationDomain;
            default -> "";
        };
    }

    static String versionName(int version) {
        return switch (version) {
            case 5 -> "NetFlow v5";
            case 9 -> "NetFlow v9";
            case 10 -> "IPFIX";
            default -> "version " + version;
        };
    }

    @Override
    public String toString() {
        return message();
    }
}
