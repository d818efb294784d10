package io.peerwatch.job.types;

import io.peerwatch.volume.VolumeSample;
import io.peerwatch.detect.EchoObservation;
import io.peerwatch.dns.DnsObservation;
import io.peerwatch.core.AlertType;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.Severity;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.AlertContext;
import io.peerwatch.notice.Evidence;
import io.peerwatch.packet.PacketEvent;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.signatures.Direction;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Codecs of the library's immutable value types that travel between operators: every field
 * through the type's public API, in declaration order, format version 1. Values read back are
 * built through the types' validating constructors, so corrupt input ends in an exception, never
 * in an invalid value.
 */
public final class ValueCodecs {

    private ValueCodecs() {
    }

    /** {@link FlowRecord}, the job's most frequent record: fixed-width fields, enums as ordinals. */
    public static final class FlowRecords implements LibraryCodec<FlowRecord> {
        private static final long serialVersionUID = 1L;
        private static final FlowDirection[] DIRECTIONS = FlowDirection.values();
        private static final FlowSourceKind[] KINDS = FlowSourceKind.values();

        @Override
        public Class<FlowRecord> type() {
            return FlowRecord.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(FlowRecord f, DataOutputView out) throws IOException {
            out.writeBoolean(f.exporter().isPresent());
            if (f.exporter().isPresent()) {
                Binary.writeAddress(out, f.exporter().get());
            }
            out.writeLong(f.observationDomain());
            out.writeLong(f.startMs());
            out.writeLong(f.endMs());
            Binary.writeAddress(out, f.src());
            Binary.writeAddress(out, f.dst());
            out.writeShort(f.srcPort());
            out.writeShort(f.dstPort());
            out.writeByte(f.ipProtocol());
            out.writeInt(f.tcpFlags());
            out.writeLong(f.packets());
            out.writeLong(f.bytes());
            out.writeInt(f.inputInterface());
            out.writeInt(f.outputInterface());
            Binary.writeEnum(out, f.direction());
            out.writeInt(f.samplingRate());
            Binary.writeEnum(out, f.sourceKind());
        }

        @Override
        public FlowRecord read(DataInputView in, int version) throws IOException {
            Optional<IpAddress> exporter = in.readBoolean() ? Optional.of(Binary.readAddress(in)) : Optional.empty();
            long domain = in.readLong();
            long start = in.readLong();
            long end = in.readLong();
            IpAddress src = Binary.readAddress(in);
            IpAddress dst = Binary.readAddress(in);
            int srcPort = in.readUnsignedShort();
            int dstPort = in.readUnsignedShort();
            int protocol = in.readUnsignedByte();
            int flags = in.readInt();
            long packets = in.readLong();
            long bytes = in.readLong();
            int input = in.readInt();
            int output = in.readInt();
            FlowDirection direction = Binary.readEnum(in, DIRECTIONS);
            int sampling = in.readInt();
            FlowSourceKind kind = Binary.readEnum(in, KINDS);
            try {
                return new FlowRecord(exporter, domain, start, end, src, dst, srcPort, dstPort, protocol, flags,
                        packets, bytes, input, output, direction, sampling, kind);
            } catch (IllegalArgumentException e) {
                throw corrupt(e);
            }
        }
    }

    /** {@link ProxyRecord}: numbers, then strings (absent optionals take four bytes). */
    public static final class ProxyRecords implements LibraryCodec<ProxyRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<ProxyRecord> type() {
            return ProxyRecord.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(ProxyRecord r, DataOutputView out) throws IOException {
            out.writeLong(r.timestampMs());
            Binary.writeAddress(out, r.client());
            Binary.writeOptional(out, r.user());
            Binary.writeString(out, r.method());
            Binary.writeString(out, r.url());
            Binary.writeOptional(out, r.host());
            out.writeShort(r.port());
            out.writeShort(r.status());
            out.writeLong(r.bytesToClient());
            Binary.writeOptional(out, r.bytesFromClient());
            out.writeLong(r.durationMs());
            Binary.writeOptional(out, r.contentType());
            Binary.writeOptional(out, r.userAgent());
            Binary.writeOptional(out, r.referer());
            Binary.writeOptional(out, r.action());
            Binary.writeOptional(out, r.hierarchy());
            Binary.writeOptional(out, r.peer());
            Binary.writeOptional(out, r.requestContentType());
        }

        @Override
        public ProxyRecord read(DataInputView in, int version) throws IOException {
            long ts = in.readLong();
            IpAddress client = Binary.readAddress(in);
            Optional<String> user = Binary.readOptional(in);
            String method = Binary.readString(in);
            String url = Binary.readString(in);
            Optional<String> host = Binary.readOptional(in);
            int port = in.readUnsignedShort();
            int status = in.readUnsignedShort();
            long toClient = in.readLong();
            OptionalLong fromClient = Binary.readOptionalLong(in);
            long duration = in.readLong();
            Optional<String> contentType = Binary.readOptional(in);
            Optional<String> userAgent = Binary.readOptional(in);
            Optional<String> referer = Binary.readOptional(in);
            Optional<String> action = Binary.readOptional(in);
            Optional<String> hierarchy = Binary.readOptional(in);
            Optional<String> peer = Binary.readOptional(in);
            Optional<String> requestContentType = Binary.readOptional(in);
            try {
                return new ProxyRecord(ts, client, user, method, url, host, port, status, toClient, fromClient,
                        duration, contentType, userAgent, referer, action, hierarchy, peer, requestContentType);
            } catch (IllegalArgumentException e) {
                throw corrupt(e);
            }
        }
    }

    /** {@link PacketEvent}: headers, lengths and the kept payload bytes. */
    public static final class PacketEvents implements LibraryCodec<PacketEvent> {
        private static final long serialVersionUID = 1L;
        private static final Direction[] DIRECTIONS = Direction.values();
        /** Direction byte of a packet whose direction is unknown. */
        private static final int NO_DIRECTION = 0xff;
        /** Echo identifier written for packets that carry none ({@link PacketEvent.Builder#icmp}). */

        @Override
        public Class<PacketEvent> type() {
            return PacketEvent.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(PacketEvent p, DataOutputView out) throws IOException {
            out.writeLong(p.timestampNanos());
            Binary.writeAddress(out, p.src());
            Binary.writeAddress(out, p.dst());
            out.writeShort(p.srcPort());
            out.writeShort(p.dstPort());
            out.writeByte(p.ipProtocol());
            out.writeByte(p.direction().map(Enum::ordinal).orElse(NO_DIRECTION));
            out.writeInt(p.tcpFlags());
            out.writeInt(p.icmpType());
            out.writeInt(p.icmpCode());
            out.writeInt(p.icmpEchoId()); // -1 when not an echo
            out.writeInt(p.wireLength());
            out.writeInt(p.ipLength());
            out.writeInt(p.payloadLength());
            ByteBuffer prefix = p.payloadPrefix();
            out.writeInt(prefix.remaining());
            while (prefix.hasRemaining()) {
                out.writeByte(prefix.get());
            }
            out.writeLong(p.packetIndex());
            Binary.writeOptional(out, p.sensor());
        }

        @Override
        public PacketEvent read(DataInputView in, int version) throws IOException {
            PacketEvent.Builder b = PacketEvent.builder().timestampNanos(in.readLong());
            IpAddress src = Binary.readAddress(in);
            IpAddress dst = Binary.readAddress(in);
            b.addresses(src, dst).ports(in.readUnsignedShort(), in.readUnsignedShort()).ipProtocol(in.readUnsignedByte());
            int d = in.readUnsignedByte();
            if (d != NO_DIRECTION) {
                if (d >= DIRECTIONS.length) {
                    throw new StreamCorruptedException("no packet direction with ordinal " + d);
                }
                b.direction(DIRECTIONS[d]);
            }
            b.tcpFlags(in.readInt());
            b.icmp(in.readInt(), in.readInt(), in.readInt());
            b.lengths(in.readInt(), in.readInt(), in.readInt());
            b.payloadPrefix(Binary.readBytes(in));
            b.packetIndex(in.readLong());
            b.sensor(Binary.readOptional(in).orElse(null));
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw corrupt(e);
            }
        }
    }

    /**
     * {@link IpAddress}, the flow-window operator's key: length and bytes. A key type: immutable,
     * equal by its bytes, with a hash code computed from them only (the same in every JVM).
     */
    public static final class IpAddresses implements LibraryCodec<IpAddress> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<IpAddress> type() {
            return IpAddress.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public boolean keyType() {
            return true;
        }

        @Override
        public void write(IpAddress a, DataOutputView out) throws IOException {
            Binary.writeAddress(out, a);
        }

        @Override
        public IpAddress read(DataInputView in, int version) throws IOException {
            return Binary.readAddress(in);
        }
    }

    /** {@link Alert}, with its id as computed when it was built. */
    public static final class Alerts implements LibraryCodec<Alert> {
        private static final long serialVersionUID = 1L;
        private static final AlertType[] TYPES = AlertType.values();
        private static final Severity[] SEVERITIES = Severity.values();

        @Override
        public Class<Alert> type() {
            return Alert.class;
        }

        @Override
        public int version() {
            return 2; // 2: exact decimal cost (was a double), the alert's context
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(Alert a, DataOutputView out) throws IOException {
            Binary.writeString(out, a.id());
            Binary.writeEnum(out, a.type());
            Binary.writeAddress(out, a.host());
            Binary.writeOptional(out, a.user());
            out.writeLong(a.eventTimeMs());
            out.writeLong(a.windowStartMs());
            out.writeLong(a.windowEndMs());
            Binary.writeOptional(out, a.protocol());
            Binary.writeEnum(out, a.severity());
            out.writeDouble(a.confidence());
            out.writeInt(a.evidence().size());
            for (Evidence e : a.evidence()) {
                Binary.writeString(out, e.kind());
                Binary.writeString(out, e.detail());
                out.writeLong(e.count());
            }
            out.writeLong(a.bytes());
            Binary.writeString(out, a.estimatedCost().toString());
            Binary.writeString(out, a.currency());
            out.writeLong(a.distinctPeers());
            Binary.writeString(out, a.identifier());
            out.writeLong(a.suppressForMs());
            writeContext(out, a.context());
        }

        private static BigDecimal decimal(String text) throws IOException {
            try {
                return new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw corrupt(e);
            }
        }

        private static void writeContext(DataOutputView out, AlertContext c) throws IOException {
            writeOptionalAddress(out, c.sourceIp());
            writeOptionalInt(out, c.sourcePort());
            writeOptionalAddress(out, c.destinationIp());
            writeOptionalInt(out, c.destinationPort());
            Binary.writeOptional(out, c.destinationDomain());
            writeOptionalInt(out, c.ipProtocol());
            Binary.writeOptional(out, c.url());
            Binary.writeOptional(out, c.httpMethod());
            writeOptionalInt(out, c.httpStatus());
            Binary.writeOptional(out, c.httpRequestBytes());
            Binary.writeOptional(out, c.httpResponseBytes());
            Binary.writeOptional(out, c.fileName());
            Binary.writeOptional(out, c.fileSize());
        }

        private static AlertContext readContext(DataInputView in) throws IOException {
            AlertContext.Builder b = AlertContext.builder();
            readOptionalAddress(in).ifPresent(b::sourceIp);
            readOptionalInt(in).ifPresent(b::sourcePort);
            readOptionalAddress(in).ifPresent(b::destinationIp);
            readOptionalInt(in).ifPresent(b::destinationPort);
            Binary.readOptional(in).ifPresent(b::destinationDomain);
            readOptionalInt(in).ifPresent(b::ipProtocol);
            Binary.readOptional(in).ifPresent(b::url);
            Binary.readOptional(in).ifPresent(b::httpMethod);
            readOptionalInt(in).ifPresent(b::httpStatus);
            Binary.readOptionalLong(in).ifPresent(b::httpRequestBytes);
            Binary.readOptionalLong(in).ifPresent(b::httpResponseBytes);
            Binary.readOptional(in).ifPresent(b::fileName);
            Binary.readOptionalLong(in).ifPresent(b::fileSize);
            try {
                return b.build();
            } catch (IllegalArgumentException e) {
                throw corrupt(e);
            }
        }

        private static void writeOptionalAddress(DataOutputView out, Optional<IpAddress> a) throws IOException {
            out.writeBoolean(a.isPresent());
            if (a.isPresent()) {
                Binary.writeAddress(out, a.get());
            }
        }

        private static Optional<IpAddress> readOptionalAddress(DataInputView in) throws IOException {
            return in.readBoolean() ? Optional.of(Binary.readAddress(in)) : Optional.empty();
        }

        private static void writeOptionalInt(DataOutputView out, OptionalInt v) throws IOException {
            out.writeBoolean(v.isPresent());
            if (v.isPresent()) {
                out.writeInt(v.getAsInt());
            }
        }

        private static OptionalInt readOptionalInt(DataInputView in) throws IOException {
            return in.readBoolean() ? OptionalInt.of(in.readInt()) : OptionalInt.empty();
        }

        @Override
        public Alert read(DataInputView in, int version) throws IOException {
            String id = Binary.readString(in);
            AlertType type = Binary.readEnum(in, TYPES);
            IpAddress host = Binary.readAddress(in);
            Optional<String> user = Binary.readOptional(in);
            long eventTime = in.readLong();
            long start = in.readLong();
            long end = in.readLong();
            Optional<String> protocol = Binary.readOptional(in);
            Severity severity = Binary.readEnum(in, SEVERITIES);
            double confidence = in.readDouble();
            int n = in.readInt();
            if (n < 0) {
                throw new StreamCorruptedException("negative evidence count " + n);
            }
            List<Evidence> evidence = new ArrayList<>(Math.min(n, 16)); // grows with what arrives
            for (int i = 0; i < n; i++) {
                String kind = Binary.readString(in);
                String detail = Binary.readString(in);
                long count = in.readLong();
                try {
                    evidence.add(new Evidence(kind, detail, count));
                } catch (IllegalArgumentException e) {
                    throw corrupt(e);
                }
            }
            long bytes = in.readLong();
            BigDecimal cost = version >= 2 ? decimal(Binary.readString(in)) : BigDecimal.valueOf(in.readDouble());
            String currency = Binary.readString(in);
            long peers = in.readLong();
            String identifier = Binary.readString(in);
            long suppressFor = in.readLong();
            AlertContext context = version >= 2 ? readContext(in) : AlertContext.NONE;
            try {
                return new Alert(id, type, host, user, eventTime, start, end, protocol, severity, confidence,
                        evidence, bytes, cost, currency, peers, identifier, suppressFor, context);
            } catch (IllegalArgumentException e) {
                throw corrupt(e);
            }
        }
    }

    /** {@link DeadLetter}, raw bytes included. */
    public static final class DeadLetters implements LibraryCodec<DeadLetter> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<DeadLetter> type() {
            return DeadLetter.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(DeadLetter d, DataOutputView out) throws IOException {
            Binary.writeString(out, d.source());
            out.writeInt(d.partition());
            out.writeLong(d.offset());
            Binary.writeBytes(out, d.raw());
            Binary.writeString(out, d.errorClass());
            Binary.writeString(out, d.message());
            out.writeLong(d.timeMs());
            Binary.writeOptional(out, d.sourceName());
            Binary.writeOptional(out, d.lineNumber());
        }

        @Override
        public DeadLetter read(DataInputView in, int version) throws IOException {
            String source = Binary.readString(in);
            int partition = in.readInt();
            long offset = in.readLong();
            byte[] raw = Binary.readBytes(in);
            String errorClass = Binary.readString(in);
            String message = Binary.readString(in);
            long time = in.readLong();
            Optional<String> sourceName = Binary.readOptional(in);
            OptionalLong line = Binary.readOptionalLong(in);
            try {
                return new DeadLetter(source, partition, offset, raw, errorClass, message, time, sourceName, line);
            } catch (IllegalArgumentException e) {
                throw corrupt(e);
            }
        }
    }

    /** A value that its constructor refused: the input was corrupt. */
    private static IOException corrupt(IllegalArgumentException e) {
        return new StreamCorruptedException("corrupt value: " + e.getMessage());
    }

    /** {@link DnsObservation}: one DNS query or response, for the DNS-tunnel windows. */
    public static final class DnsObservations implements LibraryCodec<DnsObservation> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<DnsObservation> type() {
            return DnsObservation.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(DnsObservation o, DataOutputView out) throws IOException {
            out.writeLong(o.timeMs());
            Binary.writeAddress(out, o.client());
            Binary.writeAddress(out, o.server());
            out.writeBoolean(o.response());
            Binary.writeString(out, o.qname());
            out.writeShort(o.qtype());
            out.writeShort(o.rcode());
            out.writeShort(o.answers());
            out.writeInt(o.messageBytes());
            Binary.writeString(out, o.domain());
        }

        @Override
        public DnsObservation read(DataInputView in, int version) throws IOException {
            try {
                return new DnsObservation(in.readLong(), Binary.readAddress(in), Binary.readAddress(in), in.readBoolean(),
                        Binary.readString(in), in.readUnsignedShort(), in.readUnsignedShort(), in.readUnsignedShort(),
                        in.readInt(), Binary.readString(in));
            } catch (IllegalArgumentException e) {
                throw new java.io.InvalidObjectException("bad DNS observation: " + e.getMessage());
            }
        }
    }

    /** {@link EchoObservation}: one ICMP echo request or reply, for the ICMP-tunnel windows. */
    public static final class EchoObservations implements LibraryCodec<EchoObservation> {
        private static final long serialVersionUID = 1L;

        @Override
        public Class<EchoObservation> type() {
            return EchoObservation.class;
        }

        @Override
        public int version() {
            return 1;
        }

        @Override
        public boolean immutable() {
            return true;
        }

        @Override
        public void write(EchoObservation o, DataOutputView out) throws IOException {
            out.writeLong(o.timeMs());
            Binary.writeAddress(out, o.src());
            Binary.writeAddress(out, o.dst());
            out.writeBoolean(o.request());
            out.writeInt(o.payloadBytes());
            out.writeBoolean(o.patterned());
            out.writeShort(o.distinct());
            out.writeInt(o.sampled());
            out.writeInt(o.hash());
        }

        @Override
        public EchoObservation read(DataInputView in, int version) throws IOException {
            try {
                return new EchoObservation(in.readLong(), Binary.readAddress(in), Binary.readAddress(in), in.readBoolean(),
                        in.readInt(), in.readBoolean(), in.readUnsignedShort(), in.readInt(), in.readInt());
            } catch (IllegalArgumentException e) {
                throw new java.io.InvalidObjectException("bad echo observation: " + e.getMessage());
            }
        }
    }

    /** {@link VolumeSample}: one record's volume for one subject. */
    public static final class VolumeSamples extends WrittenFormCodec<VolumeSample> {
        private static final long serialVersionUID = 1L;

        public VolumeSamples() {
            super(VolumeSample.class, true);
        }

        @Override
        protected void writeTo(VolumeSample value, DataOutput out) throws IOException {
            value.writeTo(out);
        }

        @Override
        protected VolumeSample readFrom(DataInput in) throws IOException {
            return VolumeSample.readFrom(in);
        }
    }
}
