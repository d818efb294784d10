package io.peerwatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.blacklist.BlacklistParser;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.TextLines;
import io.peerwatch.flowfile.FlowFileException;
import io.peerwatch.flowfile.NfcapdReader;
import io.peerwatch.flowfile.NfdumpCsvReader;
import io.peerwatch.flowfile.ZeekConnReader;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.netflow.FlowDecoder;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.LinkType;
import io.peerwatch.pcap.PacketFileException;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.proxy.ProxyLogException;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.testing.Captures;
import io.peerwatch.testing.Corpus;
import io.peerwatch.testing.Fuzz;
import io.peerwatch.testing.ZeekLogs;
import io.peerwatch.watch.WatchList;
import io.peerwatch.zeek.ZeekLogException;
import io.peerwatch.zeek.ZeekLogReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded, bounded fuzzing of every parser PeerWatch runs on untrusted bytes: each target feeds
 * generated and mutated input ({@link Fuzz}: {@code fuzz.tries} tries, 1000 by default, fixed
 * seed) and allows only the parser's documented outcome: a value, a bad line reported to the
 * handler, or the parser's own checked exception naming the position. A failure names the try
 * that reproduces it; every crash found becomes an example in the per-parser tests.
 */
class ParserFuzzTest {

    @TempDir
    Path dir;

    /** Runs {@code body} once per try with the target's random source; a failure names the try. */
    private static void fuzz(String target, Try body) throws Exception {
        SplittableRandom r = Fuzz.random(target);
        for (int i = 0; i < Fuzz.tries(); i++) {
            try {
                body.run(r);
            } catch (Exception | AssertionError e) {
                throw new AssertionError(target + ": try " + i + " (seed " + Long.getLong("fuzz.seed", Fuzz.DEFAULT_SEED)
                        + ") failed: " + e, e);
            }
        }
    }

    private interface Try {
        void run(SplittableRandom r) throws Exception;
    }

    @Test
    void textLinesCoverEveryByteAndNeverHoldMoreThanTheLimit() throws Exception {
        fuzz("text-lines", r -> {
            byte[] input = Fuzz.textish(r, 1024);
            int limit = 1 + r.nextInt(64);
            long covered = 0;
            try (TextLines t = TextLines.of(new ByteArrayInputStream(input), limit)) {
                for (TextLines.Line l = t.next(); l != null; l = t.next()) {
                    assertThat(l.offset()).isEqualTo(covered);
                    assertThat(l.text().length()).isLessThanOrEqualTo(limit);
                    int next = indexOf(input, (int) l.offset());
                    covered = next < 0 ? input.length : next + 1;
                }
            }
            assertThat(covered).isEqualTo(input.length);
        });
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void pcapAndPcapngReadingResyncAndDecodingNeverEscape() throws Exception {
        Path p = dir.resolve("fuzz.cap");
        fuzz("pcap", r -> {
            boolean ng = r.nextBoolean();
            int linkType = r.nextInt(300);
            byte[] good = ng ? new Captures.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(linkType, 65535)
                    .epb(0, 1_700_000_000_000_000L, Fuzz.bytes(r, 200)).epb(0, 1_700_000_000_000_001L, Fuzz.bytes(r, 200)).bytes()
                    : new Captures.Pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 65535, linkType)
                    .packet(1_700_000_000L, 0, Fuzz.bytes(r, 200)).packet(1_700_000_001L, 0, Fuzz.bytes(r, 200)).bytes();
            Files.write(p, Fuzz.mutate(r, good));
            PacketDecoder decoder = new PacketDecoder();
            DecodedPacket d = new DecodedPacket();
            try (PacketReader reader = PacketFiles.open(p)) {
                for (int resyncs = 0; resyncs < 4; resyncs++) {
                    try {
                        while (reader.next()) {
                            decoder.decode(reader.packet(), d);
                        }
                        break;
                    } catch (PacketFileException bad) {
                        assertThat(bad.getMessage()).contains(p.toString());
                        if (reader.resync() < 0) {
                            break;
                        }
                    }
                }
            } catch (PacketFileException header) {
                assertThat(header.getMessage()).contains(p.toString());
            }
        });
    }

    @Test
    void packetDecodingOfAnyFrameNeverEscapes() throws Exception {
        int[] linkTypes = {LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
            LinkType.LOOP, LinkType.IPV4, LinkType.IPV6, 147};
        fuzz("decode", r -> {
            byte[] frame = Fuzz.bytes(r, 1500);
            if (frame.length > 14 && r.nextBoolean()) {
                frame[12] = 0x08; // steer half of them into IPv4 behind Ethernet
                frame[13] = 0x00;
                frame[14] = 0x45;
            }
            new PacketDecoder().decode(linkTypes[r.nextInt(linkTypes.length)], ByteBuffer.wrap(frame), 0, frame.length,
                    r.nextInt(2 * frame.length + 1), new DecodedPacket());
        });
    }

    private static final SignatureRegistry REGISTRY = SignatureRegistry.defaults();

    @Test
    void everySignatureTakesAnyPayloadSequence() throws Exception {
        fuzz("signatures", r -> {
            SignatureEngine engine = new SignatureEngine(REGISTRY, DetectionConfig.defaults());
            FlowScratch s = new FlowScratch();
            engine.begin(s, r.nextBoolean() ? 17 : 6, r.nextInt(65536), r.nextInt(65536));
            for (int i = r.nextInt(7); i > 0; i--) {
                engine.inspect(s, ByteBuffer.wrap(r.nextBoolean() ? Fuzz.bytes(r, 1500) : Fuzz.textish(r, 300)),
                        r.nextBoolean() ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT);
            }
        });
    }

    @Test
    void netflowDecodingNeverEscapes() throws Exception {
        fuzz("netflow", r -> {
            byte[] datagram = Fuzz.bytes(r, 1500);
            if (datagram.length >= 2) {
                // steer most inputs past the version check: 5, 9 or 10
                datagram[0] = 0;
                datagram[1] = (byte) new int[] {5, 9, 10, datagram[1]}[r.nextInt(4)];
            }
            FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
            FlowDecoder.Result res = d.decode(ByteBuffer.wrap(datagram), IpAddress.parse("192.0.2.1"), 0);
            assertThat(res.flows()).allSatisfy(f -> assertThat(f.bytes()).isNotNegative());
        });
    }

    private static final byte[] NFDUMP = ("ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,dir,ra,eng\n"
            + "2026-11-25 12:05:41,2026-11-25 12:05:50,1.000,198.18.7.1,198.18.7.2,40001,80,TCP,......S.,0,0,1,60,0,0,0,0,0,"
            + "0.0.0.0,0/0\n").getBytes(StandardCharsets.UTF_8);

    @Test
    void nfdumpCsvLinesAreRecordsOrBadLines() throws Exception {
        fuzz("nfdump", r -> {
            byte[] in = Fuzz.splice(NFDUMP, Fuzz.textish(r, 200), r.nextInt(NFDUMP.length + 1));
            List<FlowFileException> bad = new ArrayList<>();
            try (NfdumpCsvReader reader = NfdumpCsvReader.of(new ByteArrayInputStream(in), "f.csv", ZoneId.of("UTC"), bad::add)) {
                while (reader.next().isPresent()) {
                    // each record passed FlowRecord's own checks
                }
            } catch (FlowFileException header) {
                assertThat(header.line()).isLessThanOrEqualTo(1);
            }
            assertThat(bad).allSatisfy(b -> assertThat(b.getMessage()).startsWith("f.csv:"));
        });
    }

    @Test
    void nfcapdFilesAreRecordsBadRecordsOrANamedError() throws Exception {
        byte[] good = Files.readAllBytes(Corpus.lab("netflow/nfcapd-v9-s1.202611251200"));
        // the header and the first records are where a few changed bytes decide the most
        byte[] head = java.util.Arrays.copyOf(good, 400);
        fuzz("nfcapd", r -> {
            byte[] in = Fuzz.mutate(r, r.nextBoolean() ? good : head);
            List<FlowFileException> bad = new ArrayList<>();
            try (NfcapdReader reader = NfcapdReader.of(new ByteArrayInputStream(in), "f.nfcapd", bad::add)) {
                while (reader.next().isPresent()) {
                    // each record passed FlowRecord's own checks
                }
            } catch (FlowFileException e) {
                assertThat(e.getMessage()).startsWith("f.nfcapd:");
            }
            assertThat(bad).allSatisfy(b -> assertThat(b.getMessage()).startsWith("f.nfcapd:"));
        });
    }

    private static final byte[] CONN = (ZeekLogs.CONN_TSV_HEADER + "1591367999.305988\tC1\t198.18.7.1\t40000\t198.18.7.2\t80"
            + "\ttcp\t-\t1.0\t0\t0\tSF\tT\tT\t0\tShADadFf\t2\t100\t2\t100\t-\n").getBytes(StandardCharsets.UTF_8);

    @Test
    void zeekConnLinesAreRecordsOrBadLines() throws Exception {
        fuzz("zeek-conn", r -> {
            byte[] in = Fuzz.splice(CONN, Fuzz.textish(r, 200), r.nextInt(CONN.length + 1));
            List<FlowFileException> bad = new ArrayList<>();
            try (ZeekConnReader reader = ZeekConnReader.of(ZeekLogReader.of(new ByteArrayInputStream(in), "conn.log", null,
                    ZeekLogReader.DEFAULT_MAX_LINE_LENGTH, ZeekLogReader.DEFAULT_MAX_JSON_DEPTH), bad::add)) {
                while (reader.next().isPresent()) {
                    // each record passed the reader's checks
                }
            } catch (ZeekLogException | FlowFileException fileLevel) {
                assertThat(fileLevel.getMessage()).contains("conn.log");
            }
        });
    }

    private static final List<ProxyLogFormat> FORMATS = List.of(ProxyLogFormat.SQUID_NATIVE, ProxyLogFormat.COMMON,
            ProxyLogFormat.COMBINED, ProxyLogFormat.ZEEK_HTTP_JSON, ProxyLogFormat.ZEEK_HTTP_TSV,
            ProxyLogFormat.logformat("%ts.%03tu %tr %>a %un %Ss/%03>Hs %<st %>st %rm %ru \"%{User-Agent}>h\""));
    private static final byte[] SQUID = ("1700000000.005 120000 198.18.5.7 TCP_TUNNEL/200 12345 CONNECT [2001:db8::1]:6881"
            + " alice HIER_DIRECT/2001:db8::1 - \"curl/8\"").getBytes(StandardCharsets.UTF_8);

    @Test
    void proxyLinesAreRecordsOrProxyLogExceptions() throws Exception {
        fuzz("proxy", r -> {
            ProxyLogParser p = FORMATS.get(r.nextInt(FORMATS.size())).newParser();
            String text = new String(Fuzz.splice(SQUID, Fuzz.textish(r, 120), r.nextInt(SQUID.length + 1)),
                    StandardCharsets.UTF_8);
            for (String l : text.split("\n", -1)) {
                try {
                    p.parse(l, "access.log", 1).ifPresent(rec -> assertThat(rec.bytesToClient()).isNotNegative());
                } catch (ProxyLogException expected) {
                    assertThat(expected.getMessage()).contains("access.log:1");
                }
            }
            List<String> lines = List.of(text.split("\n", -1));
            assertThat(ProxyLogFormat.detect(lines)).isNotNull();
        });
    }

    @Test
    void hostsFileLinesAreEntriesOrBadLines() throws Exception {
        Path p = dir.resolve("hosts");
        fuzz("hosts", r -> {
            Files.write(p, Fuzz.textish(r, 600));
            BlacklistParser.Result res = new BlacklistParser().add(p).build();
            assertThat(res.report().badLineCount()).isLessThanOrEqualTo(res.report().lines());
        });
    }

    @Test
    void watchListLinesAreTermsOrANamedError() throws Exception {
        fuzz("watch", r -> {
            try {
                WatchList.parse(new StringReader(new String(Fuzz.textish(r, 400), StandardCharsets.UTF_8)), "watch.txt");
            } catch (IllegalArgumentException expected) {
                assertThat(expected.getMessage()).contains("watch.txt");
            } catch (IOException e) {
                throw new AssertionError("a string reader cannot fail", e);
            }
        });
    }
}
