package io.peerwatch.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.blacklist.BlacklistParser;
import io.peerwatch.core.IpAddress;
import io.peerwatch.core.TextLines;
import io.peerwatch.flowfile.FlowFileException;
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
import io.peerwatch.testing.ZeekLogs;
import io.peerwatch.watch.WatchList;
import io.peerwatch.zeek.ZeekLogReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Property-based fuzzing (jqwik) of every parser PeerWatch runs on untrusted bytes: each property
 * feeds generated and mutated input and allows only the parser's documented outcome (a value, a
 * bad line reported to the handler, or the parser's own checked exception naming the position).
 * Bounded by tries ({@code jqwik.tries.default} in junit-platform.properties: 1000 per property),
 * not time, with a fixed seed, so CI runs the same inputs every time; a longer run sets
 * {@code -Djqwik.tries.default=N} (docs/RELIABILITY.md). Every crash found
 * is kept as an example in the per-parser tests.
 */
class ParserFuzzTest {

    private static final String SEED = "20261206";

    /** Bytes biased towards the interesting: mostly small values, separators and high bytes. */
    @Provide
    Arbitrary<byte[]> junk() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(2048);
    }

    /** Text lines of parser-significant characters and random bytes. */
    @Provide
    Arbitrary<byte[]> textish() {
        Arbitrary<Byte> b = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.of(ascii(" \t,\"\\[]/:%.-0123456789aZ?#&={}\n\r-"))),
                net.jqwik.api.Tuple.of(1, Arbitraries.bytes()));
        return b.array(byte[].class).ofMaxSize(1024);
    }

    private static Byte[] ascii(String s) {
        Byte[] out = new Byte[s.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) s.charAt(i);
        }
        return out;
    }

    @Property(seed = SEED)
    void textLinesCoverEveryByteAndNeverHoldMoreThanTheLimit(@ForAll("textish") byte[] input,
            @ForAll @IntRange(min = 1, max = 64) int limit) throws IOException {
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
    }

    private static int indexOf(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Property(seed = SEED)
    void pcapAndPcapngReadingAndDecodingNeverEscape(@ForAll("junk") byte[] body, @ForAll boolean ng,
            @ForAll @IntRange(min = 0, max = 300) int linkType) throws IOException {
        byte[] file = ng ? new Captures.Pcapng(ByteOrder.LITTLE_ENDIAN).iface(linkType, 65535).raw(body).bytes()
                : new Captures.Pcap(ByteOrder.LITTLE_ENDIAN, 0xa1b2c3d4, 65535, linkType).raw(body).bytes();
        Path p = Files.createTempFile("fuzz", ng ? ".pcapng" : ".pcap");
        try {
            Files.write(p, file);
            PacketDecoder decoder = new PacketDecoder();
            DecodedPacket d = new DecodedPacket();
            try (PacketReader r = PacketFiles.open(p)) {
                while (r.next()) {
                    decoder.decode(r.packet(), d);
                }
            } catch (PacketFileException expected) {
                assertThat(expected.getMessage()).contains(p.getFileName().toString());
            }
        } finally {
            Files.delete(p);
        }
    }

    @Property(seed = SEED)
    void packetDecodingOfAnyFrameNeverEscapes(@ForAll("junk") byte[] frame,
            @ForAll("linkTypes") int linkType) {
        new PacketDecoder().decode(linkType, ByteBuffer.wrap(frame), 0, frame.length, frame.length, new DecodedPacket());
    }

    @Provide
    Arbitrary<Integer> linkTypes() {
        return Arbitraries.of(LinkType.ETHERNET, LinkType.RAW, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.NULL,
                LinkType.LOOP, LinkType.IPV4, LinkType.IPV6, 147);
    }

    private static final SignatureRegistry REGISTRY = SignatureRegistry.defaults();

    @Property(seed = SEED)
    void everySignatureTakesAnyPayloadSequence(@ForAll @Size(max = 6) List<@Size(max = 1500) byte[]> payloads,
            @ForAll @IntRange(min = 0, max = 65535) int clientPort, @ForAll @IntRange(min = 0, max = 65535) int serverPort,
            @ForAll boolean udp) {
        SignatureEngine engine = new SignatureEngine(REGISTRY, DetectionConfig.defaults());
        FlowScratch s = new FlowScratch();
        engine.begin(s, udp ? 17 : 6, clientPort, serverPort);
        int i = 0;
        for (byte[] payload : payloads) {
            engine.inspect(s, ByteBuffer.wrap(payload), i++ % 2 == 0 ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT);
        }
    }

    @Property(seed = SEED)
    void netflowDecodingNeverEscapes(@ForAll("junk") byte[] datagram, @ForAll @IntRange(min = 0, max = 3) int version) {
        if (datagram.length >= 2 && version > 0) {
            // steer a share of the inputs past the version check: 5, 9 or 10
            datagram[0] = 0;
            datagram[1] = (byte) new int[] {0, 5, 9, 10}[version];
        }
        FlowDecoder d = new FlowDecoder(DecoderConfig.defaults());
        FlowDecoder.Result r = d.decode(ByteBuffer.wrap(datagram), IpAddress.parse("192.0.2.1"), 0);
        assertThat(r.flows()).allSatisfy(f -> assertThat(f.bytes()).isNotNegative());
    }

    private static final String NFDUMP = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,dir,ra,eng\n"
            + "2026-11-25 12:05:41,2026-11-25 12:05:50,1.000,198.18.7.1,198.18.7.2,40001,80,TCP,......S.,0,0,1,60,0,0,0,0,0,0.0.0.0,0/0\n";

    @Property(seed = SEED)
    void nfdumpCsvLinesAreRecordsOrBadLines(@ForAll("textish") byte[] tail, @ForAll @IntRange(min = 0, max = 300) int cut) throws IOException {
        byte[] good = NFDUMP.getBytes(StandardCharsets.UTF_8);
        byte[] in = mutate(good, tail, cut);
        List<FlowFileException> bad = new ArrayList<>();
        try (NfdumpCsvReader r = NfdumpCsvReader.of(new ByteArrayInputStream(in), "f.csv", ZoneId.of("UTC"), bad::add)) {
            while (r.next().isPresent()) {
                // records are valid by construction (FlowRecord checks itself)
            }
        } catch (FlowFileException header) {
            assertThat(header.line()).isLessThanOrEqualTo(1);
        }
    }

    @Property(seed = SEED)
    void zeekConnLinesAreRecordsOrBadLines(@ForAll("textish") byte[] tail, @ForAll @IntRange(min = 0, max = 900) int cut) throws IOException {
        byte[] good = (ZeekLogs.CONN_TSV_HEADER + "1591367999.305988\tC1\t198.18.7.1\t40000\t198.18.7.2\t80\ttcp\t-\t1.0\t0\t0\tSF"
                + "\tT\tT\t0\tShADadFf\t2\t100\t2\t100\t-\n").getBytes(StandardCharsets.UTF_8);
        byte[] in = mutate(good, tail, cut);
        List<FlowFileException> bad = new ArrayList<>();
        try (ZeekConnReader r = ZeekConnReader.of(ZeekLogReader.of(new ByteArrayInputStream(in), "conn.log", null,
                ZeekLogReader.DEFAULT_MAX_LINE_LENGTH, ZeekLogReader.DEFAULT_MAX_JSON_DEPTH), bad::add)) {
            while (r.next().isPresent()) {
                // each record passed the reader's checks
            }
        } catch (io.peerwatch.zeek.ZeekLogException | FlowFileException header) {
            assertThat(header.getMessage()).contains("conn.log");
        }
    }

    /** {@code good} cut at {@code cut} with {@code tail} spliced in, then the rest of {@code good}. */
    private static byte[] mutate(byte[] good, byte[] tail, int cut) {
        int at = Math.min(cut, good.length);
        byte[] out = new byte[good.length + tail.length];
        System.arraycopy(good, 0, out, 0, at);
        System.arraycopy(tail, 0, out, at, tail.length);
        System.arraycopy(good, at, out, at + tail.length, good.length - at);
        return out;
    }

    @Provide
    Arbitrary<ProxyLogFormat> formats() {
        return Arbitraries.of(ProxyLogFormat.SQUID_NATIVE, ProxyLogFormat.COMMON, ProxyLogFormat.COMBINED,
                ProxyLogFormat.ZEEK_HTTP_JSON, ProxyLogFormat.ZEEK_HTTP_TSV,
                ProxyLogFormat.logformat("%ts.%03tu %tr %>a %un %Ss/%03>Hs %<st %>st %rm %ru \"%{User-Agent}>h\""));
    }

    @Property(seed = SEED)
    void proxyLinesAreRecordsOrProxyLogExceptions(@ForAll("formats") ProxyLogFormat format, @ForAll("textish") byte[] tail,
            @ForAll @IntRange(min = 0, max = 120) int cut) {
        String seed = "1700000000.005 120000 198.18.5.7 TCP_TUNNEL/200 12345 CONNECT [2001:db8::1]:6881 alice"
                + " HIER_DIRECT/2001:db8::1 - \"curl/8\"";
        String line = new String(mutate(seed.getBytes(StandardCharsets.UTF_8), tail, cut), StandardCharsets.UTF_8);
        ProxyLogParser p = format.newParser();
        for (String l : line.split("\n", -1)) {
            try {
                p.parse(l, "access.log", 1).ifPresent(r -> assertThat(r.bytesToClient()).isNotNegative());
            } catch (ProxyLogException expected) {
                assertThat(expected.getMessage()).contains("access.log:1");
            }
        }
    }

    @Property(seed = SEED)
    void proxyFormatDetectionTakesAnyLines(@ForAll @Size(max = 8) List<@net.jqwik.api.constraints.StringLength(max = 200) String> lines) {
        Optional<ProxyLogFormat> f = ProxyLogFormat.detect(lines);
        assertThat(f).isNotNull();
    }

    @Property(seed = SEED)
    void hostsFileLinesAreEntriesOrBadLines(@ForAll("textish") byte[] text) throws IOException {
        Path p = Files.createTempFile("hosts", ".txt");
        try {
            Files.write(p, text);
            BlacklistParser.Result r = new BlacklistParser().add(p).build();
            assertThat(r.report().badLineCount()).isLessThanOrEqualTo(r.report().lines());
        } finally {
            Files.delete(p);
        }
    }

    @Property(seed = SEED)
    void watchListLinesAreTermsOrANamedError(@ForAll("textish") byte[] text) throws IOException {
        try {
            WatchList.parse(new StringReader(new String(text, StandardCharsets.UTF_8)), "watch.txt");
        } catch (IllegalArgumentException expected) {
            assertThat(expected.getMessage()).contains("watch.txt");
        } catch (UncheckedIOException e) {
            throw e;
        }
    }
}
