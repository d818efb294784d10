package io.peerwatch.testing;

import static io.peerwatch.testing.Frames.ETH_ARP;
import static io.peerwatch.testing.Frames.ETH_IPV4;
import static io.peerwatch.testing.Frames.TCP;
import static io.peerwatch.testing.Frames.ascii;
import static io.peerwatch.testing.Frames.ethernet;
import static io.peerwatch.testing.Frames.ipv4;
import static io.peerwatch.testing.Frames.tcp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The malformed-input corpus: small hostile files, generated (never checked in as binaries), each
 * with the outcome every reader of PeerWatch must give it. Run {@link #main} to write them to a
 * directory and list them with their expectations; tests call {@link #write}.
 *
 * <p>Outcomes: {@link Outcome#NOTHING} (the file holds no records, says nothing and costs no other
 * file anything), {@link Outcome#DEAD_LETTERS} (the given number of bad lines or records are dead
 * letters naming file, line and reason; the rest is analysed), {@link Outcome#LOST} (the rest of the
 * file from a named position cannot be read: one input-lost report naming file, position and reason;
 * the records before it and every other file are analysed).
 */
public final class HostileFiles {

    /** What must come of a file. */
    public enum Outcome {
        NOTHING,
        DEAD_LETTERS,
        LOST
    }

    /** The input a file is given as. */
    public enum Kind {
        PCAP,
        NETFLOW,
        PROXY
    }

    /**
     * One hostile file.
     *
     * @param expect words every report about it must contain (file name, position, reason)
     */
    public record Case(String name, Kind kind, Path path, Outcome outcome, int deadLetters, String expect) {
    }

    /** Bytes of a "line" of NUL bytes without a newline: over every line limit, small enough for a test. */
    public static final int NUL_BYTES = 3 << 20;

    private static final String NFDUMP_HEADER = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,dir,ra,eng";
    private static final String SQUID = "1700000000.%03d 5 198.18.5.%d TCP_MISS/200 %s GET http://example.test/%d - "
            + "HIER_DIRECT/198.18.0.1 text/html";

    private HostileFiles() {
    }

    /** Writes the corpus into {@code dir}; prints each file with its expected outcome. */
    public static void main(String[] args) throws IOException {
        for (Case c : write(Path.of(args.length > 0 ? args[0] : "hostile-inputs"))) {
            System.out.println(c.kind() + " " + c.path() + ": " + c.outcome() + " " + c.deadLetters() + " '" + c.expect() + "'");
        }
    }

    /** Writes every hostile file into {@code dir}. */
    public static List<Case> write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Case> c = new ArrayList<>();
        pcaps(dir, c);
        flows(dir, c);
        proxy(dir, c);
        return c;
    }

    private static byte[] syn(int i) {
        return ethernet(ETH_IPV4, ipv4(TCP, "198.18.7.1", "198.18.7.2", tcp(40000 + i, 80, 0x02, new byte[0])));
    }

    private static void pcaps(Path dir, List<Case> c) throws IOException {
        add(c, dir, "header-only.pcap", Kind.PCAP, Outcome.NOTHING, 0, "", Captures.Pcap.ethernetMicros().bytes());
        Captures.Pcap arp = Captures.Pcap.ethernetMicros();
        for (int i = 0; i < 3; i++) {
            arp.packet(1_700_000_000L + i, 0, ethernet(ETH_ARP, new byte[28]));
        }
        add(c, dir, "arp-only.pcap", Kind.PCAP, Outcome.NOTHING, 0, "", arp.bytes());
        Captures.Pcap unknown = new Captures.Pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 65535, 147);
        for (int i = 0; i < 3; i++) {
            unknown.packet(1_700_000_000L + i, 0, ascii("user-defined link layer " + i));
        }
        add(c, dir, "unknown-linktype.pcap", Kind.PCAP, Outcome.LOST, 0, "link type 147", unknown.bytes());
        add(c, dir, "caplen-over-snaplen.pcap", Kind.PCAP, Outcome.LOST, 0,
                "packet 2 at byte 94: captured length 70000 exceeds the snap length 1500; 116 bytes skipped, reading resumed at byte 210",
                new Captures.Pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 1500, 1).packet(1_700_000_000L, 0, syn(0))
                        .record(1_700_000_001L, 0, 70_000, 70_000, new byte[100])
                        .packet(1_700_000_002L, 0, syn(1)).bytes());
        add(c, dir, "truncated.pcap", Kind.PCAP, Outcome.LOST, 0, "packet 2 at byte",
                Captures.Pcap.ethernetMicros().packet(1_700_000_000L, 0, syn(0))
                        .record(1_700_000_001L, 0, 100, 100, new byte[10]).bytes());
        add(c, dir, "bad-block.pcapng", Kind.PCAP, Outcome.LOST, 0, "packet 2 at byte",
                new Captures.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(1, 65535).epb(0, 1_700_000_000_000_000L, syn(0))
                        .raw(new byte[] {6, 0, 0, 0, 7, 0, 0, 0, 1, 2, 3}).bytes());
    }

    private static String nfdumpRow(String bytes, int i) {
        return "2026-11-25 12:05:4" + i + ",2026-11-25 12:05:50,1.000,198.18.7.1,198.18.7.2,4000" + i
                + ",80,TCP,......S.,0,0,1," + bytes + ",0,0,0,0,0,0.0.0.0,0/0";
    }

    private static void flows(Path dir, List<Case> c) throws IOException {
        add(c, dir, "header-only.csv", Kind.NETFLOW, Outcome.NOTHING, 0, "", ascii(NFDUMP_HEADER + "\n"));
        add(c, dir, "header-only-conn.log", Kind.NETFLOW, Outcome.NOTHING, 0, "", ascii(ZeekLogs.CONN_TSV_HEADER));
        add(c, dir, "missing-column.csv", Kind.NETFLOW, Outcome.LOST, 0, "no column 'da'",
                ascii("ts,te,sa\n2026-11-25 12:05:44,2026-11-25 12:05:50,198.18.7.1\n"));
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        utf8.writeBytes(ascii(NFDUMP_HEADER + "\n" + nfdumpRow("60", 1) + "\n"));
        utf8.writeBytes(new byte[] {'2', '0', (byte) 0xc3, (byte) 0x28, ',', '\n'});
        utf8.writeBytes(ascii(nfdumpRow("60", 2) + "\n"));
        add(c, dir, "bad-utf8.csv", Kind.NETFLOW, Outcome.DEAD_LETTERS, 1, "bad-utf8.csv:3: not valid UTF-8",
                utf8.toByteArray());
        add(c, dir, "overflow.csv", Kind.NETFLOW, Outcome.DEAD_LETTERS, 2, "implausibly large",
                ascii(NFDUMP_HEADER + "\n" + nfdumpRow(Long.toString(1L << 62), 1) + "\n"
                        + nfdumpRow(Long.toString(Long.MAX_VALUE), 2) + "\n" + nfdumpRow("60", 3) + "\n"));
        String conn = "1591367999.305988\tC1\t198.18.7.1\t40000\t198.18.7.2\t80\ttcp\t-\t1.0\t0\t0\tSF\tT\tT\t0\tShADadFf\t2\t"
                + (1L << 62) + "\t2\t" + (1L << 62) + "\t-\n";
        add(c, dir, "overflow-conn.log", Kind.NETFLOW, Outcome.DEAD_LETTERS, 1, "overflow-conn.log:9: ",
                ascii(ZeekLogs.CONN_TSV_HEADER + conn));
        ByteArrayOutputStream nul = new ByteArrayOutputStream();
        nul.writeBytes(ascii(NFDUMP_HEADER + "\n" + nfdumpRow("60", 1) + "\n"));
        nul.writeBytes(new byte[NUL_BYTES]);
        nul.writeBytes(ascii("\n" + nfdumpRow("60", 2) + "\n"));
        add(c, dir, "nul-line.csv", Kind.NETFLOW, Outcome.DEAD_LETTERS, 1, "nul-line.csv:3: line longer than",
                nul.toByteArray());
    }

    private static String squid(int i, String bytes) {
        return String.format(SQUID, i % 1000, i % 200 + 1, bytes, i);
    }

    private static void proxy(Path dir, List<Case> c) throws IOException {
        ByteArrayOutputStream late = new ByteArrayOutputStream();
        for (int i = 0; i < 60; i++) {
            late.writeBytes(ascii(squid(i, "512") + "\n"));
        }
        late.writeBytes(new byte[] {'1', '7', (byte) 0xff, ' ', 'x', '\n'});
        late.writeBytes(ascii(squid(61, "512") + "\n"));
        add(c, dir, "bad-utf8-late.log", Kind.PROXY, Outcome.DEAD_LETTERS, 1, "bad-utf8-late.log:61: not valid UTF-8",
                late.toByteArray());
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        early.writeBytes(ascii(squid(0, "512") + "\n"));
        early.writeBytes(new byte[] {'1', '7', (byte) 0xc0, (byte) 0xaf, '\n'});
        for (int i = 1; i < 5; i++) {
            early.writeBytes(ascii(squid(i, "512") + "\n"));
        }
        add(c, dir, "bad-utf8-early.log", Kind.PROXY, Outcome.DEAD_LETTERS, 1, "bad-utf8-early.log:2: not valid UTF-8",
                early.toByteArray());
        add(c, dir, "overflow.log", Kind.PROXY, Outcome.DEAD_LETTERS, 2, "implausibly large",
                ascii(squid(0, "999999999999999999") + "\n" + squid(1, "999999999999999998") + "\n" + squid(2, "512") + "\n"));
        ByteArrayOutputStream nul = new ByteArrayOutputStream();
        nul.writeBytes(ascii(squid(0, "512") + "\n"));
        nul.writeBytes(new byte[NUL_BYTES]);
        nul.writeBytes(ascii("\n" + squid(1, "512") + "\n"));
        add(c, dir, "nul-line.log", Kind.PROXY, Outcome.DEAD_LETTERS, 1, "nul-line.log:2: line longer than",
                nul.toByteArray());
    }

    private static void add(List<Case> c, Path dir, String name, Kind kind, Outcome o, int dead, String expect,
            byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(bytes);
        }
        c.add(new Case(name, kind, p, o, dead, expect));
    }

    /** Text as bytes (UTF-8). */
    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
