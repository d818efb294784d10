package io.peerwatch.flowfile;

import io.peerwatch.core.FlowDirection;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.FlowSourceKind;
import io.peerwatch.core.IpAddress;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads the binary files nfcapd writes (nfdump 1.7, file layout 2): what a network team's NetFlow
 * archive holds, read without nfdump. The layout, from nfdump's {@code nffileV2.h} and
 * {@code nfxV3.h}:
 * <ul>
 *   <li>a 40-byte file header: magic {@code 0xA50C}, layout version 2, the nfdump version, creation
 *       time, the compression of the data blocks (none, LZO, BZ2, LZ4 or ZSTD), encryption (none),
 *       appendix block count, creator, appendix offset, block size and block count;</li>
 *   <li>data blocks, each a 12-byte header (record count, size, type, flags; flag bit 0 marks a
 *       block stored uncompressed in a compressed file) and its records;</li>
 *   <li>records with a 4-byte header (type, size); flow records are type 11 ("V3"): a 12-byte
 *       header (element count, engine type and id, exporter id, flags, NetFlow version) followed by
 *       elements, each a 4-byte header (type, length) and its fields in the writer's byte order
 *       (little-endian on every machine nfdump runs on today).</li>
 * </ul>
 * Elements read: generic flow (1: times in epoch ms, packets, bytes, ports, protocol, TCP flags),
 * IPv4 (2) and IPv6 (3) addresses, misc (4: interfaces, direction), counters (5: the reverse
 * direction's packets and bytes of a bidirectional record, given as a second, reversed record) and
 * the exporter's address (12, 13). Other records (exporter, statistics, sampler, ident) and
 * elements are skipped by their size. Conventions follow {@link NfdumpCsvReader}: counters as
 * stored (nfcapd applied sampling), {@code dir} 1 is egress, the observation domain is engine
 * type*256+id, the exporter is the address the datagram came from; ICMP type and code are in the
 * destination port as type*256+code.
 *
 * <p>Compressed blocks are decompressed by an {@link NfcapdBlocks} provider (the job module's reads
 * LZO, LZ4 and ZSTD); without one, a compressed file is one clear error. Not read: files of nfdump
 * 1.6 and older (layout 1; {@code nfdump -r OLD -w NEW} with nfdump 1.7 converts them),
 * BZ2-compressed blocks ({@code nfdump -r FILE -y -w NEW} recompresses them with LZ4), encrypted
 * files and big-endian files; each is one clear error naming the file.
 *
 * <p>Bad input: a truncated header or block, a block that does not decompress, or a record whose
 * size runs past its block ends the file with one error naming the file, the record number and the
 * byte offset; records before it are kept. A flow record that is malformed on its own (no address
 * element, an element past the record) is a bad record, skipped under a handler.
 */
public final class NfcapdReader implements FlowFileReader {
    static final int MAGIC = 0xA50C;
    static final int LAYOUT_VERSION_1 = 1;
    static final int LAYOUT_VERSION_2 = 2;
    static final int FILE_HEADER_SIZE = 40;
    static final int BLOCK_HEADER_SIZE = 12;
    static final int RECORD_HEADER_SIZE = 4;
    static final int V3_HEADER_SIZE = 12;
    static final int ELEMENT_HEADER_SIZE = 4;
    static final int V3_RECORD = 11;
    static final int DATA_BLOCK_TYPE_3 = 3;
    static final int FLAG_BLOCK_UNCOMPRESSED = 0x1;
    static final int NOT_COMPRESSED = 0;
    static final int EX_GENERIC_FLOW = 1;
    static final int EX_IPV4_FLOW = 2;
    static final int EX_IPV6_FLOW = 3;
    static final int EX_FLOW_MISC = 4;
    static final int EX_CNT_FLOW = 5;
    static final int EX_IP_RECEIVED_V4 = 12;
    static final int EX_IP_RECEIVED_V6 = 13;
    /**
     * Largest block read, compressed or not: nfdump writes blocks of at most 5 MiB (its
     * {@code BUFFSIZE}); a larger size field is corruption, not a block to allocate for.
     */
    static final int MAX_BLOCK_BYTES = 16 * 1024 * 1024;
    private static final int EGRESS = 1;

    private final InputStream in;
    private final String source;
    private final BadLines bad;
    private final int compression;
    private final NfcapdBlocks decompressor;
    private byte[] raw = new byte[0];
    private final byte[] plain;
    /** The current block's records, little-endian. */
    private ByteBuffer block = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
    private int recordsLeft;
    /** File offset of the current block's data (for messages). */
    private long blockOffset;
    private long fileOffset;
    private long record;
    private FlowRecord pendingReverse;
    private boolean done;

    private NfcapdReader(InputStream in, String source, Consumer<? super FlowFileException> onBad, int compression,
            NfcapdBlocks decompressor) {
        this.in = in;
        this.source = source;
        this.bad = new BadLines(onBad);
        this.compression = compression;
        this.decompressor = decompressor;
        this.plain = decompressor == null ? null : new byte[MAX_BLOCK_BYTES];
    }

    /** The installed block decompressors, looked up once. */
    private static final class Installed {
        static final List<NfcapdBlocks> PROVIDERS = NfcapdBlocks.installed();
    }

    /** Opens a file that fails at the first bad record. */
    public static NfcapdReader open(Path file) throws IOException {
        return open(file, null);
    }

    /**
     * Opens a file and reads its header.
     *
     * @param onBadRecord receives each bad flow record and reading continues; null to throw at the first
     * @throws FlowFileException naming the file when its header is not one this reader reads
     */
    public static NfcapdReader open(Path file, Consumer<? super FlowFileException> onBadRecord) throws IOException {
        return of(Files.newInputStream(file), file.getFileName().toString(), onBadRecord);
    }

    /**
     * Reads from an open stream (closed by {@link #close()}) with the installed decompressors
     * ({@link NfcapdBlocks#installed()}); {@code source} names it in messages.
     */
    public static NfcapdReader of(InputStream input, String source, Consumer<? super FlowFileException> onBadRecord)
            throws IOException {
        return of(input, source, onBadRecord, Installed.PROVIDERS);
    }

    /** Reads from an open stream with the given decompressors. */
    public static NfcapdReader of(InputStream input, String source, Consumer<? super FlowFileException> onBadRecord,
            List<NfcapdBlocks> decompressors) throws IOException {
        InputStream in = new BufferedInputStream(input, 1 << 16);
        try {
            byte[] h = in.readNBytes(FILE_HEADER_SIZE);
            ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
            if (h.length < 4 || (b.getShort(0) & 0xffff) != MAGIC) {
                if (h.length >= 2 && (b.order(ByteOrder.BIG_ENDIAN).getShort(0) & 0xffff) == MAGIC) {
                    throw new FlowFileException(source, 0, "nfcapd file written on a big-endian machine: not supported");
                }
                throw new FlowFileException(source, 0, "not an nfcapd file (no magic 0xA50C)");
            }
            int version = b.getShort(2) & 0xffff;
            if (version == LAYOUT_VERSION_1) {
                throw new FlowFileException(source, 0, "nfcapd file of nfdump 1.6 or older (layout 1): convert it with "
                        + "nfdump 1.7, 'nfdump -r FILE -w NEWFILE'");
            }
            if (version != LAYOUT_VERSION_2) {
                throw new FlowFileException(source, 0, "nfcapd file layout " + version + " is not supported (layout 2 is)");
            }
            if (h.length < FILE_HEADER_SIZE) {
                throw new FlowFileException(source, 0, "nfcapd file header cut after " + h.length + " of "
                        + FILE_HEADER_SIZE + " bytes");
            }
            int compression = h[16] & 0xff;
            int encryption = h[17] & 0xff;
            if (encryption != 0) {
                throw new FlowFileException(source, 0, "encrypted nfcapd file (encryption " + encryption + "): not supported");
            }
            if (compression == NfcapdBlocks.BZ2) {
                throw new FlowFileException(source, 0, "BZ2-compressed nfcapd file: not supported; recompress it with "
                        + "'nfdump -r FILE -y -w NEWFILE' (LZ4)");
            }
            if (compression > NfcapdBlocks.ZSTD) {
                throw new FlowFileException(source, 0, "unknown nfcapd compression " + compression);
            }
            NfcapdBlocks d = null;
            if (compression != NOT_COMPRESSED) {
                d = decompressors.stream().filter(p -> p.supports(compression)).findFirst()
                        .orElseThrow(() -> new FlowFileException(source, 0, name(compression) + "-compressed nfcapd file "
                                + "and no decompressor for it on the class path (PeerWatch's job module provides one); "
                                + "'nfdump -r FILE -w NEWFILE' writes it uncompressed"));
            }
            NfcapdReader r = new NfcapdReader(in, source, onBadRecord, compression, d);
            r.fileOffset = FILE_HEADER_SIZE;
            return r;
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public Optional<FlowRecord> next() throws IOException {
        if (pendingReverse != null) {
            FlowRecord r = pendingReverse;
            pendingReverse = null;
            return Optional.of(r);
        }
        while (!done) {
            if (recordsLeft == 0 || !block.hasRemaining()) {
                if (!nextBlock()) {
                    done = true;
                    break;
                }
                continue;
            }
            int at = block.position();
            if (block.remaining() < RECORD_HEADER_SIZE) {
                throw corrupt("record header cut at the end of its block", at);
            }
            int type = block.getShort(at) & 0xffff;
            int size = block.getShort(at + 2) & 0xffff;
            if (size < RECORD_HEADER_SIZE || size > block.remaining()) {
                throw corrupt("record size " + size + " runs past its block (" + block.remaining() + " bytes left)", at);
            }
            block.position(at + size);
            recordsLeft--;
            record++;
            if (type != V3_RECORD) {
                continue; // exporter, statistics, sampler and ident records
            }
            try {
                return Optional.of(flow(at, size));
            } catch (IllegalArgumentException e) {
                bad.handle(new FlowFileException(source, record, e.getMessage() + " (byte " + (blockOffset + at) + ")"));
            }
        }
        return Optional.empty();
    }

    /** Reads the next block of flow records; false at the end of the file. */
    private boolean nextBlock() throws IOException {
        byte[] h = in.readNBytes(BLOCK_HEADER_SIZE);
        if (h.length == 0) {
            return false;
        }
        if (h.length < BLOCK_HEADER_SIZE) {
            throw new FlowFileException(source, record, "block header cut after " + h.length + " bytes (byte "
                    + fileOffset + ")");
        }
        ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
        long records = b.getInt(0) & 0xffffffffL;
        long size = b.getInt(4) & 0xffffffffL;
        int type = b.getShort(8) & 0xffff;
        int flags = b.getShort(10) & 0xffff;
        long headerAt = fileOffset;
        fileOffset += BLOCK_HEADER_SIZE;
        if (size > MAX_BLOCK_BYTES) {
            throw new FlowFileException(source, record, "block of " + size + " bytes at byte " + headerAt
                    + " is larger than any nfdump writes (" + MAX_BLOCK_BYTES + ")");
        }
        if (raw.length < size) {
            raw = new byte[(int) size];
        }
        int n = in.readNBytes(raw, 0, (int) size);
        if (n < size) {
            throw new FlowFileException(source, record, "block at byte " + headerAt + " cut after " + n + " of "
                    + size + " bytes");
        }
        blockOffset = fileOffset;
        fileOffset += size;
        if (type != DATA_BLOCK_TYPE_3) {
            recordsLeft = 0; // array blocks (type 4) hold no flow records
            block = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
            return true;
        }
        boolean compressed = compression != NOT_COMPRESSED && (flags & FLAG_BLOCK_UNCOMPRESSED) == 0;
        if (compressed) {
            int len;
            try {
                len = decompressor.decompress(compression, raw, (int) size, plain);
            } catch (RuntimeException e) {
                throw new FlowFileException(source, record, "block at byte " + headerAt + " does not decompress ("
                        + name(compression) + "): " + e.getMessage());
            }
            if (len < 0 || len > plain.length) {
                throw new FlowFileException(source, record, "block at byte " + headerAt + ": the " + name(compression)
                        + " decompressor returned " + len + " bytes");
            }
            block = ByteBuffer.wrap(plain, 0, len).slice().order(ByteOrder.LITTLE_ENDIAN);
        } else {
            block = ByteBuffer.wrap(raw, 0, (int) size).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        recordsLeft = records > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) records;
        return true;
    }

    private static String name(int compression) {
        return switch (compression) {
            case NfcapdBlocks.LZO -> "LZO";
            case NfcapdBlocks.BZ2 -> "BZ2";
            case NfcapdBlocks.LZ4 -> "LZ4";
            case NfcapdBlocks.ZSTD -> "ZSTD";
            default -> "no";
        };
    }

    private FlowFileException corrupt(String what, int at) {
        done = true;
        return new FlowFileException(source, record + 1, what + " (byte " + (blockOffset + at) + ")");
    }

    /** The flow of the V3 record at {@code at} (its 4-byte header included in {@code size}). */
    private FlowRecord flow(int at, int size) {
        if (size < V3_HEADER_SIZE) {
            throw new IllegalArgumentException("flow record of " + size + " bytes, shorter than its header");
        }
        int elements = block.getShort(at + 4) & 0xffff;
        int engineType = block.get(at + 6) & 0xff;
        int engineId = block.get(at + 7) & 0xff;
        int end = at + size;
        int p = at + V3_HEADER_SIZE;
        FlowRecord.Builder f = FlowRecord.builder().sourceKind(FlowSourceKind.NFCAPD)
                .observationDomain(engineType * 256L + engineId);
        IpAddress src = null;
        IpAddress dst = null;
        int srcPort = 0;
        int dstPort = 0;
        boolean generic = false;
        long outPackets = 0;
        long outBytes = 0;
        long first = 0;
        long last = 0;
        int input = 0;
        int output = 0;
        for (int i = 0; i < elements; i++) {
            if (p + ELEMENT_HEADER_SIZE > end) {
                throw new IllegalArgumentException("element " + (i + 1) + " of " + elements + " past the record's end");
            }
            int type = block.getShort(p) & 0xffff;
            int length = block.getShort(p + 2) & 0xffff;
            if (length < ELEMENT_HEADER_SIZE || p + length > end) {
                throw new IllegalArgumentException("element type " + type + " of length " + length
                        + " runs past the record's end");
            }
            int v = p + ELEMENT_HEADER_SIZE;
            int fields = length - ELEMENT_HEADER_SIZE;
            switch (type) {
                case EX_GENERIC_FLOW -> {
                    need(type, fields, 48);
                    first = block.getLong(v);
                    last = block.getLong(v + 8);
                    f.counters(count(block.getLong(v + 24), "packets"), count(block.getLong(v + 32), "bytes"));
                    srcPort = block.getShort(v + 40) & 0xffff;
                    dstPort = block.getShort(v + 42) & 0xffff;
                    f.ipProtocol(block.get(v + 44) & 0xff).tcpFlags(block.get(v + 45) & 0xff);
                    generic = true;
                }
                case EX_IPV4_FLOW -> {
                    need(type, fields, 8);
                    src = IpAddress.ofV4(block.getInt(v));
                    dst = IpAddress.ofV4(block.getInt(v + 4));
                }
                case EX_IPV6_FLOW -> {
                    need(type, fields, 32);
                    src = v6(v);
                    dst = v6(v + 16);
                }
                case EX_FLOW_MISC -> {
                    need(type, fields, 11);
                    input = block.getInt(v);
                    output = block.getInt(v + 4);
                    f.direction((block.get(v + 10) & 0xff) == EGRESS ? FlowDirection.EGRESS : FlowDirection.UNKNOWN);
                }
                case EX_CNT_FLOW -> {
                    need(type, fields, 24);
                    outPackets = count(block.getLong(v + 8), "reverse packets");
                    outBytes = count(block.getLong(v + 16), "reverse bytes");
                }
                case EX_IP_RECEIVED_V4 -> {
                    need(type, fields, 4);
                    int a = block.getInt(v);
                    if (a != 0) {
                        f.exporter(IpAddress.ofV4(a));
                    }
                }
                case EX_IP_RECEIVED_V6 -> {
                    need(type, fields, 16);
                    f.exporter(v6(v));
                }
                default -> {
                    // other elements (AS numbers, next hops, MAC addresses, NSEL/NAT, latency, ...)
                }
            }
            p += length;
        }
        if (!generic) {
            throw new IllegalArgumentException("flow record without its generic flow element (times, counters, ports)");
        }
        if (src == null) {
            throw new IllegalArgumentException("flow record without an IPv4 or IPv6 address element");
        }
        if (last < first) {
            last = first; // nfdump keeps what the exporter sent; a flow never ends before it starts here
        }
        f.time(first, last).src(src, srcPort).dst(dst, dstPort).interfaces(input, output);
        FlowRecord r = f.build();
        if (outPackets > 0 || outBytes > 0) {
            pendingReverse = r.toBuilder().src(dst, dstPort).dst(src, srcPort).counters(outPackets, outBytes)
                    .interfaces(output, input).build();
        }
        return r;
    }

    private static void need(int type, int fields, int bytes) {
        if (fields < bytes) {
            throw new IllegalArgumentException("element type " + type + " has " + fields + " bytes of fields, needs "
                    + bytes);
        }
    }

    private static long count(long v, String what) {
        if (v < 0) {
            throw new IllegalArgumentException(what + " counter out of range: " + Long.toUnsignedString(v));
        }
        return v;
    }

    /** An IPv6 address stored as two host-order 64-bit halves, high half first. */
    private IpAddress v6(int at) {
        byte[] a = ByteBuffer.allocate(16).putLong(block.getLong(at)).putLong(block.getLong(at + 8)).array();
        return IpAddress.of(a);
    }

    @Override
    public FlowFileFormat format() {
        return FlowFileFormat.NFCAPD;
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long skipped() {
        return bad.skipped();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
