package io.peerwatch.testing;

import io.peerwatch.pcap.PacketView;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Hand-built pcap and pcapng files for tests. */
public final class Captures {
    private Captures() {
    }

    /** A copy of the frame bytes a reader delivered, to compare with what was written. */
    public static byte[] bytesOf(PacketView v) {
        byte[] out = new byte[v.capturedLength()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.buffer().get(v.offset() + i);
        }
        return out;
    }

    /** A classic pcap file. */
    public static final class Pcap {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteOrder order;

        /**
         * @param magic 0xa1b2c3d4 (micro), 0xa1b23c4d (nano) or 0xa1b2cd34 (Kuznetzov)
         */
        public Pcap(ByteOrder order, int magic, int snapLength, int linkType) {
            this.order = order;
            ByteBuffer b = ByteBuffer.allocate(24).order(order);
            b.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snapLength).putInt(linkType);
            out.writeBytes(b.array());
        }

        public static Pcap ethernetMicros() {
            return new Pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 65535, 1);
        }

        public Pcap packet(long seconds, long fraction, byte[] frame) {
            return record(seconds, fraction, frame.length, frame.length, frame);
        }

        /** A record whose header may lie about the lengths. */
        public Pcap record(long seconds, long fraction, int captured, int original, byte[] data) {
            ByteBuffer b = ByteBuffer.allocate(16).order(order);
            b.putInt((int) seconds).putInt((int) fraction).putInt(captured).putInt(original);
            out.writeBytes(b.array());
            out.writeBytes(data);
            return this;
        }

        /** Raw bytes appended as they are. */
        public Pcap raw(byte[] data) {
            out.writeBytes(data);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A pcapng file, block by block. */
    public static final class Pcapng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order;

        public Pcapng(ByteOrder order) {
            section(order);
        }

        /** Starts a new section (SHB) in the given byte order. */
        public Pcapng section(ByteOrder o) {
            order = o;
            ByteBuffer body = ByteBuffer.allocate(16).order(o);
            body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
            return block(0x0A0D0D0A, body.array());
        }

        /** IDB without options. */
        public Pcapng iface(int linkType, int snapLength) {
            return iface(linkType, snapLength, -1, 0);
        }

        /**
         * IDB with {@code if_tsresol} (when {@code tsresol >= 0}) and {@code if_tsoffset} (when
         * non-zero).
         */
        public Pcapng iface(int linkType, int snapLength, int tsresol, long tsoffset) {
            ByteBuffer b = ByteBuffer.allocate(8 + 8 + 12 + 4).order(order);
            b.putShort((short) linkType).putShort((short) 0).putInt(snapLength);
            if (tsresol >= 0) {
                b.putShort((short) 9).putShort((short) 1).put((byte) tsresol).put(new byte[3]);
            }
            if (tsoffset != 0) {
                b.putShort((short) 14).putShort((short) 8).putLong(tsoffset);
            }
            b.putShort((short) 0).putShort((short) 0);
            return block(1, Arrays.copyOf(b.array(), b.position()));
        }

        public Pcapng epb(int ifId, long units, byte[] frame) {
            return epb(ifId, units, frame.length, frame.length, frame);
        }

        public Pcapng epb(int ifId, long units, int captured, int original, byte[] data) {
            ByteBuffer b = ByteBuffer.allocate(20 + pad(data.length)).order(order);
            b.putInt(ifId).putInt((int) (units >>> 32)).putInt((int) units).putInt(captured).putInt(original).put(data);
            return block(6, b.array());
        }

        public Pcapng spb(int original, byte[] data) {
            ByteBuffer b = ByteBuffer.allocate(4 + pad(data.length)).order(order);
            b.putInt(original).put(data);
            return block(3, b.array());
        }

        /** Any block; the body is padded to 4 bytes. */
        public Pcapng block(int type, byte[] body) {
            int len = 12 + pad(body.length);
            ByteBuffer b = ByteBuffer.allocate(len).order(order);
            b.putInt(type).putInt(len).put(body);
            b.position(len - 4);
            b.putInt(len);
            out.writeBytes(b.array());
            return this;
        }

        public Pcapng raw(byte[] data) {
            out.writeBytes(data);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }

        private static int pad(int n) {
            return (n + 3) & ~3;
        }
    }
}
