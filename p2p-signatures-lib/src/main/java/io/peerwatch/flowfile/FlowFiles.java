package io.peerwatch.flowfile;

import io.peerwatch.netflow.DecoderConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.OptionalInt;
import java.util.function.Consumer;

/**
 * Opens any flow file PeerWatch reads, recognised by its content (not its name): a pcap/pcapng of
 * export datagrams ({@link ExportPcapReader}), an nfcapd file ({@link NfcapdReader}), nfdump CSV
 * ({@link NfdumpCsvReader}) or a Zeek conn.log in TSV or JSON ({@link ZeekConnReader}).
 *
 * <pre>{@code
 * try (FlowFileReader r = FlowFiles.open(path, bad -> System.err.println(bad.getMessage()))) {
 *     for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) { ... }
 * }
 * }</pre>
 */
public final class FlowFiles {
    private static final int SNIFF = 8;
    private static final int PCAPNG = 0x0a0d0d0a;
    private static final int[] PCAP_MAGICS = {0xa1b2c3d4, 0xd4c3b2a1, 0xa1b23c4d, 0x4d3cb2a1};

    private FlowFiles() {
    }

    /** The format of a file, from its first bytes. */
    public static FlowFileFormat detect(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF);
        } catch (IOException e) {
            throw new FlowFileException(file.getFileName().toString(), 0, "cannot read: " + e.getMessage());
        }
        if (head.length >= 4) {
            int magic = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
            if (magic == PCAPNG) {
                return FlowFileFormat.EXPORT_PCAP;
            }
            for (int m : PCAP_MAGICS) {
                if (magic == m) {
                    return FlowFileFormat.EXPORT_PCAP;
                }
            }
        }
        if (head.length >= 2 && ((head[0] & 0xff) | (head[1] & 0xff) << 8) == NfcapdReader.MAGIC) {
            return FlowFileFormat.NFCAPD;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1).stripLeading();
        if (text.startsWith("ts,")) {
            return FlowFileFormat.NFDUMP_CSV;
        }
        if (text.startsWith("#")) {
            return FlowFileFormat.ZEEK_CONN_TSV;
        }
        if (text.startsWith("{")) {
            return FlowFileFormat.ZEEK_CONN_JSON;
        }
        throw new FlowFileException(file.getFileName().toString(), 0,
                "unknown flow file format (not a pcap/pcapng of export datagrams, an nfcapd file, nfdump CSV or Zeek conn.log)");
    }

    /** Opens a file with defaults (UTC nfdump times, any collector port) that fails at the first bad record. */
    public static FlowFileReader open(Path file) throws IOException {
        return open(file, null);
    }

    /**
     * Opens a file with defaults.
     *
     * @param onBadRecord receives each bad line or datagram and reading continues; null to throw at the first
     * @throws FlowFileException naming the file when its format is unknown or its header unreadable
     */
    public static FlowFileReader open(Path file, Consumer<? super FlowFileException> onBadRecord) throws IOException {
        return open(file, onBadRecord, ZoneId.of("UTC"), OptionalInt.empty(), DecoderConfig.defaults());
    }

    /**
     * Opens a file.
     *
     * @param nfdumpZone time zone of nfdump CSV times
     * @param collectorPort UDP port of export datagrams in captures, or empty to sniff versions
     * @param decoder limits for decoding export datagrams
     */
    public static FlowFileReader open(Path file, Consumer<? super FlowFileException> onBadRecord, ZoneId nfdumpZone,
            OptionalInt collectorPort, DecoderConfig decoder) throws IOException {
        return switch (detect(file)) {
            case EXPORT_PCAP -> ExportPcapReader.open(file, collectorPort, decoder, onBadRecord);
            case NFDUMP_CSV -> NfdumpCsvReader.open(file, nfdumpZone, onBadRecord);
            case NFCAPD -> NfcapdReader.open(file, onBadRecord);
            case ZEEK_CONN_TSV, ZEEK_CONN_JSON -> ZeekConnReader.open(file, onBadRecord);
        };
    }
}
