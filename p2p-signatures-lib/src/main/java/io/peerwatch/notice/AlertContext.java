package io.peerwatch.notice;

import io.peerwatch.core.IpAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What an alert's evidence says about the one connection or request behind it, as fields rather
 * than text: the two ends, the transport, the URL, the HTTP exchange and the file. Alerts about a
 * host's window of many peers (port activity, behaviour, scans, volume) have none of it
 * ({@link #NONE}); alerts about one flow or one proxy request fill what their input knows. The SIEM
 * outputs map it to ECS fields ({@code source.*}, {@code destination.*}, {@code network.transport},
 * {@code url.*}, {@code http.*}, {@code file.*}) and CEF keys.
 *
 * <pre>{@code
 * AlertContext c = AlertContext.builder().destinationDomain("peer.example").destinationPort(6881)
 *         .ipProtocol(IpProtocol.TCP).httpMethod("CONNECT").build();
 * }</pre>
 *
 * @param sourceIp the connection's initiator (the client), when it is known and not simply the alert's host
 * @param sourcePort the initiator's port
 * @param destinationIp the responder's address
 * @param destinationPort the responder's port
 * @param destinationDomain the responder's host name (a proxy request's host), lower case
 * @param ipProtocol the IANA IP protocol number (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6)
 * @param url the request's URL as logged (absolute, or {@code host:port} for CONNECT)
 * @param httpMethod the HTTP method, upper case as logged
 * @param httpStatus the HTTP status sent to the client
 * @param httpRequestBytes bytes the client sent
 * @param httpResponseBytes bytes the client received
 * @param fileName the name of the file transferred
 * @param fileSize the file's size in bytes
 */
public record AlertContext(
        Optional<IpAddress> sourceIp,
        OptionalInt sourcePort,
        Optional<IpAddress> destinationIp,
        OptionalInt destinationPort,
        Optional<String> destinationDomain,
        OptionalInt ipProtocol,
        Optional<String> url,
        Optional<String> httpMethod,
        OptionalInt httpStatus,
        OptionalLong httpRequestBytes,
        OptionalLong httpResponseBytes,
        Optional<String> fileName,
        OptionalLong fileSize) {

    /** Nothing known beyond the host. */
    public static final AlertContext NONE = builder().build();

    private static final int MAX_PORT = 0xffff;
    private static final int MAX_PROTOCOL = 0xff;
    private static final int MAX_STATUS = 999;

    public AlertContext {
        if (sourceIp == null || sourcePort == null || destinationIp == null || destinationPort == null
                || destinationDomain == null || ipProtocol == null || url == null || httpMethod == null
                || httpStatus == null || httpRequestBytes == null || httpResponseBytes == null || fileName == null
                || fileSize == null) {
            throw new IllegalArgumentException("context fields must not be null (use empty optionals)");
        }
        check(sourcePort, 0, MAX_PORT, "source port");
        check(destinationPort, 0, MAX_PORT, "destination port");
        check(ipProtocol, 0, MAX_PROTOCOL, "IP protocol");
        check(httpStatus, 0, MAX_STATUS, "HTTP status");
        if (negative(httpRequestBytes) || negative(httpResponseBytes) || negative(fileSize)) {
            throw new IllegalArgumentException("negative byte count in alert context");
        }
        destinationDomain = destinationDomain.filter(s -> !s.isEmpty());
        url = url.filter(s -> !s.isEmpty());
        httpMethod = httpMethod.filter(s -> !s.isEmpty());
        fileName = fileName.filter(s -> !s.isEmpty());
    }

    private static void check(OptionalInt v, int min, int max, String what) {
        if (v.isPresent() && (v.getAsInt() < min || v.getAsInt() > max)) {
            throw new IllegalArgumentException(what + " out of range: " + v.getAsInt());
        }
    }

    private static boolean negative(OptionalLong v) {
        return v.isPresent() && v.getAsLong() < 0;
    }

    /** True when nothing is known. */
    public boolean isEmpty() {
        return equals(NONE);
    }

    /** A builder holding this context's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.sourceIp = sourceIp;
        b.sourcePort = sourcePort;
        b.destinationIp = destinationIp;
        b.destinationPort = destinationPort;
        b.destinationDomain = destinationDomain;
        b.ipProtocol = ipProtocol;
        b.url = url;
        b.httpMethod = httpMethod;
        b.httpStatus = httpStatus;
        b.httpRequestBytes = httpRequestBytes;
        b.httpResponseBytes = httpResponseBytes;
        b.fileName = fileName;
        b.fileSize = fileSize;
        return b;
    }

    /** An empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder; {@link #build()} validates. Setters take plain values; a null leaves the field empty. */
    public static final class Builder {
        private Optional<IpAddress> sourceIp = Optional.empty();
        private OptionalInt sourcePort = OptionalInt.empty();
        private Optional<IpAddress> destinationIp = Optional.empty();
        private OptionalInt destinationPort = OptionalInt.empty();
        private Optional<String> destinationDomain = Optional.empty();
        private OptionalInt ipProtocol = OptionalInt.empty();
        private Optional<String> url = Optional.empty();
        private Optional<String> httpMethod = Optional.empty();
        private OptionalInt httpStatus = OptionalInt.empty();
        private OptionalLong httpRequestBytes = OptionalLong.empty();
        private OptionalLong httpResponseBytes = OptionalLong.empty();
        private Optional<String> fileName = Optional.empty();
        private OptionalLong fileSize = OptionalLong.empty();

        private Builder() {
        }

        public Builder sourceIp(IpAddress v) {
            sourceIp = Optional.ofNullable(v);
            return this;
        }

        public Builder sourcePort(int v) {
            sourcePort = OptionalInt.of(v);
            return this;
        }

        public Builder destinationIp(IpAddress v) {
            destinationIp = Optional.ofNullable(v);
            return this;
        }

        public Builder destinationPort(int v) {
            destinationPort = OptionalInt.of(v);
            return this;
        }

        public Builder destinationDomain(String v) {
            destinationDomain = Optional.ofNullable(v);
            return this;
        }

        public Builder ipProtocol(int v) {
            ipProtocol = OptionalInt.of(v);
            return this;
        }

        public Builder url(String v) {
            url = Optional.ofNullable(v);
            return this;
        }

        public Builder httpMethod(String v) {
            httpMethod = Optional.ofNullable(v);
            return this;
        }

        public Builder httpStatus(int v) {
            httpStatus = OptionalInt.of(v);
            return this;
        }

        public Builder httpRequestBytes(long v) {
            httpRequestBytes = OptionalLong.of(v);
            return this;
        }

        public Builder httpResponseBytes(long v) {
            httpResponseBytes = OptionalLong.of(v);
            return this;
        }

        public Builder fileName(String v) {
            fileName = Optional.ofNullable(v);
            return this;
        }

        public Builder fileSize(long v) {
            fileSize = OptionalLong.of(v);
            return this;
        }

        /** @throws IllegalArgumentException when a value is out of range */
        public AlertContext build() {
            return new AlertContext(sourceIp, sourcePort, destinationIp, destinationPort, destinationDomain, ipProtocol,
                    url, httpMethod, httpStatus, httpRequestBytes, httpResponseBytes, fileName, fileSize);
        }
    }
}
