package io.peerwatch.pcap;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Block walker for pcapng (draft-ietf-opsawg-pcapng, https://ietf-opsawg-wg.github.io/draft-ietf-opsawg-pcap/draft-ietf-opsawg-pcapng.html).
 * Every block is {@code type, total length, body, total length}, 32-bit aligned. Reads:
 * Section Header Blocks (byte-order magic 0x1A2B3C4D gives the section's byte order; a new
 * section forgets the previous interfaces), Interface Description Blocks (link type, snap
 * length, {@code if_tsresol}, {@code if_tsoffset}), Enhanced Packet Blocks, Simple Packet Blocks
 * and the obsolete Packet Block. Every other block type is skipped by its length.
 */
final class PcapngReader extends WindowedPacketReader {
    static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int OBSOLETE_PB = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;
    private static final int NAME_RESOLUTION = 4;
    private static final int INTERFACE_STATISTICS = 5;
    private static final int DECRYPTION_SECRETS = 0x0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int MIN_BLOCK = 12;
    private static final int SHB_MIN = 28;
    private static final int IDB_MIN = 20;
    private static final int EPB_HEADER = 28;
    private static final int SPB_HEADER = 12;
    private static final int TRAILER = 4;
    private static final int SUPPORTED_MAJOR = 1;

    private final Interfaces interfaces = new Interfaces();
    private long lastTimestamp;

    PcapngReader(FileWindow win) {
        super(win);
    }

    @Override
    public boolean next() throws PacketFileException {
        if (done) {
            return false;
        }
        try {
            while (pos < win.size()) {
                if (readBlock()) {
                    return true;
                }
            }
        } catch (PacketFileException e) {
            done = true;
            failedAt = pos;
            throw e;
        }
        done = true;
        return false;
    }

    /**
     * Every block carries its length at both ends, so the next block is the first offset after
     * the failed one holding a known block type whose trailer repeats its length (a packet block
     * naming a defined interface, a section header with the byte-order magic), followed by
     * another such block or the end of the file. A section header found this way starts a new
     * section as usual; packets of a lost section header's interfaces stay lost.
     */
    @Override
    public long resync() throws PacketFileException {
        return resync(MIN_BLOCK, this::plausibleEnd);
    }

    /** The end of a plausible block at {@code p} in the current byte order, or -1. */
    private long plausibleEnd(long p, long size) throws PacketFileException {
        if (size - p < MIN_BLOCK) {
            return -1;
        }
        int i = win.at(p, MIN_BLOCK);
        ByteBuffer b = win.ordered();
        int type = b.getInt(i);
        long length = b.getInt(i + 4) & 0xffffffffL;
        boolean known = switch (type) {
            case SHB -> b.getInt(i + 8) == BYTE_ORDER_MAGIC;
            case EPB -> length >= EPB_HEADER + TRAILER && interfaceDefined(b.getInt(i + 8));
            case OBSOLETE_PB -> length >= EPB_HEADER + TRAILER && interfaceDefined(b.getShort(i + 8) & 0xffff);
            case SPB -> interfaces.count() > 0;
            case IDB, NAME_RESOLUTION, INTERFACE_STATISTICS, DECRYPTION_SECRETS -> true;
            default -> false;
        };
        if (!known || length < MIN_BLOCK || length % 4 != 0 || length > Limits.MAX_FRAME_LENGTH || length > size - p) {
            return -1;
        }
        int len = (int) length;
        i = win.at(p, len);
        return win.ordered().getInt(i + len - TRAILER) == len ? p + len : -1;
    }

    private boolean interfaceDefined(int ifId) {
        return ifId >= 0 && ifId < interfaces.count();
    }

    /** Reads the block at {@code pos}; true when it was a packet (the view is filled). */
    private boolean readBlock() throws PacketFileException {
        long left = win.size() - pos;
        if (left < MIN_BLOCK) {
            throw fail(pos, "truncated block header: " + left + " bytes left, a block has at least " + MIN_BLOCK);
        }
        int i = win.at(pos, MIN_BLOCK);
        ByteBuffer b = win.ordered();
        int type = b.getInt(i);
        if (type == SHB) {
            setSectionOrder(b, i);
            b = win.ordered();
        } else if (pos == 0) {
            throw fail(pos, "not a pcapng file: first block is not a section header");
        }
        long length = b.getInt(i + 4) & 0xffffffffL;
        if (length < MIN_BLOCK || length % 4 != 0 || length > Limits.MAX_FRAME_LENGTH) {
            throw fail(pos, "bad block length " + length + " for block type 0x" + Integer.toHexString(type));
        }
        if (length > left) {
            throw fail(pos, "block of " + length + " bytes but only " + left + " are left (truncated file?)");
        }
        int len = (int) length;
        i = win.at(pos, len);
        b = win.ordered();
        int trailer = b.getInt(i + len - TRAILER);
        if (trailer != len) {
            throw fail(pos, "block trailer length " + (trailer & 0xffffffffL) + " differs from header length " + len);
        }
        boolean packet = switch (type) {
            case SHB -> section(b, i, len);
            case IDB -> interfaceBlock(b, i, len);
            case EPB -> enhancedPacket(b, i, len, false);
            case OBSOLETE_PB -> enhancedPacket(b, i, len, true);
            case SPB -> simplePacket(b, i, len);
            default -> false;
        };
        pos += len;
        return packet;
    }

    private void setSectionOrder(ByteBuffer b, int i) throws PacketFileException {
        int magic = b.order(ByteOrder.BIG_ENDIAN).getInt(i + 8);
        if (magic == BYTE_ORDER_MAGIC) {
            win.order(ByteOrder.BIG_ENDIAN);
        } else if (Integer.reverseBytes(magic) == BYTE_ORDER_MAGIC) {
            win.order(ByteOrder.LITTLE_ENDIAN);
        } else {
            throw fail(pos + 8, "bad section header byte-order magic 0x" + Integer.toHexString(magic));
        }
    }

    private boolean section(ByteBuffer b, int i, int len) throws PacketFileException {
        if (len < SHB_MIN) {
            throw fail(pos, "section header block of " + len + " bytes, needs at least " + SHB_MIN);
        }
        int major = b.getShort(i + 12) & 0xffff;
        if (major != SUPPORTED_MAJOR) {
            throw fail(pos, "unsupported pcapng version " + major + "." + (b.getShort(i + 14) & 0xffff));
        }
        interfaces.clear();
        return false;
    }

    private boolean interfaceBlock(ByteBuffer b, int i, int len) throws PacketFileException {
        if (len < IDB_MIN) {
            throw fail(pos, "interface description block of " + len + " bytes, needs at least " + IDB_MIN);
        }
        int linkType = b.getShort(i + 8) & 0xffff;
        long snap = b.getInt(i + 12) & 0xffffffffL;
        int resolution = Interfaces.DEFAULT_TSRESOL;
        long offsetSeconds = 0;
        int o = i + 16;
        int end = i + len - TRAILER;
        while (o + 4 <= end) {
            int code = b.getShort(o) & 0xffff;
            int optLen = b.getShort(o + 2) & 0xffff;
            if (code == 0) {
                break;
            }
            if (o + 4 + optLen > end) {
                throw fail(pos + (o - i), "option " + code + " of length " + optLen + " overruns its block");
            }
            if (code == Interfaces.OPT_TSRESOL && optLen >= 1) {
                resolution = b.get(o + 4) & 0xff;
            } else if (code == Interfaces.OPT_TSOFFSET && optLen >= 8) {
                offsetSeconds = b.getLong(o + 4);
            }
            o += 4 + ((optLen + 3) & ~3);
        }
        String error = interfaces.add(linkType, snap, resolution, offsetSeconds);
        if (error != null) {
            throw fail(pos, error);
        }
        return false;
    }

    private boolean enhancedPacket(ByteBuffer b, int i, int len, boolean obsolete) throws PacketFileException {
        if (len < EPB_HEADER + TRAILER) {
            throw fail(pos, "packet block of " + len + " bytes, needs at least " + (EPB_HEADER + TRAILER));
        }
        int ifId = obsolete ? b.getShort(i + 8) & 0xffff : b.getInt(i + 8);
        checkInterface(ifId);
        long units = ((b.getInt(i + 12) & 0xffffffffL) << 32) | (b.getInt(i + 16) & 0xffffffffL);
        long captured = b.getInt(i + 20) & 0xffffffffL;
        long original = b.getInt(i + 24) & 0xffffffffL;
        if (captured > len - EPB_HEADER - TRAILER) {
            throw fail(pos, "captured length " + captured + " overruns its block of " + len + " bytes");
        }
        long snap = interfaces.snapLength(ifId);
        if (snap > 0 && captured > snap) {
            throw fail(pos, "captured length " + captured + " exceeds interface " + ifId + "'s snap length " + snap);
        }
        deliver(ifId, i + EPB_HEADER, (int) captured, original, interfaces.toNanos(ifId, units));
        return true;
    }

    private boolean simplePacket(ByteBuffer b, int i, int len) throws PacketFileException {
        if (len < SPB_HEADER + TRAILER) {
            throw fail(pos, "simple packet block of " + len + " bytes, needs at least " + (SPB_HEADER + TRAILER));
        }
        checkInterface(0);
        long original = b.getInt(i + 8) & 0xffffffffL;
        long snap = interfaces.snapLength(0);
        long captured = Math.min(original, len - SPB_HEADER - TRAILER);
        if (snap > 0) {
            captured = Math.min(captured, snap);
        }
        // A simple packet block has no timestamp: keep the previous packet's time.
        deliver(0, i + SPB_HEADER, (int) captured, original, lastTimestamp);
        return true;
    }

    private void checkInterface(int ifId) throws PacketFileException {
        if (ifId < 0 || ifId >= interfaces.count()) {
            throw fail(pos, "packet refers to interface " + (ifId & 0xffffffffL) + " but the section defines "
                    + interfaces.count());
        }
    }

    private void deliver(int ifId, int dataIndex, int captured, long original, long nanos) {
        view.buffer = win.network();
        view.offset = dataIndex;
        view.capturedLength = captured;
        view.originalLength = (int) Math.min(original, Integer.MAX_VALUE);
        view.linkType = interfaces.linkType(ifId);
        view.interfaceId = ifId;
        view.timestampNanos = nanos;
        view.fileOffset = pos;
        view.index = count++;
        lastTimestamp = nanos;
    }

    @Override
    public PacketFileFormat format() {
        return PacketFileFormat.PCAPNG;
    }
}
