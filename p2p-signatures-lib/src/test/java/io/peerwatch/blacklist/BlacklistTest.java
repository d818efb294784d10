package io.peerwatch.blacklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.core.IpAddress;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlacklistTest {

    private static BlacklistParser.Result parse(String text) throws IOException {
        return new BlacklistParser().add(new StringReader(text), "list.txt").build();
    }

    @Test
    void suffixMatchingCoversSubdomainsOnly() {
        DomainBlacklist b = DomainBlacklist.builder().add("example.com").add("Ads.Tracker.TEST.").build();
        assertThat(b.match("example.com")).get().extracting(BlacklistMatch::entry).isEqualTo("example.com");
        assertThat(b.match("a.b.example.com")).get().extracting(BlacklistMatch::entry).isEqualTo("example.com");
        assertThat(b.match("WWW.Example.COM.")).isPresent();
        assertThat(b.match("notexample.com")).isEmpty();
        assertThat(b.match("example.co")).isEmpty();
        assertThat(b.match("com")).isEmpty();
        assertThat(b.match("example.com.evil.net")).isEmpty();
        assertThat(b.match("x.ads.tracker.test")).get().extracting(BlacklistMatch::entry).isEqualTo("ads.tracker.test");
        assertThat(b.match("tracker.test")).isEmpty();
        assertThat(b.match("")).isEmpty();
        assertThatThrownBy(() -> DomainBlacklist.builder().add("bad..name")).hasMessageContaining("invalid domain");
    }

    @Test
    void hostsFileAndDansGuardianLinesWithCommentsAndLocalEntries() throws IOException {
        BlacklistParser.Result r = parse("""
                # Dan Pollock style
                127.0.0.1  localhost
                127.0.0.1  localhost.localdomain
                255.255.255.255 broadcasthost
                ::1        localhost ip6-localhost ip6-loopback
                fe80::1%lo0 localhost
                0.0.0.0    ads.example   tracker.example   # two names
                127.0.0.1  Banner.Example.
                ::         v6sink.example
                10.1.1.1   intranet.corp
                0.0.0.0
                0.0.0.0    good.example bad..example
                # DansGuardian style
                *.gambling.example
                .casino.example
                xn--bcher-kva.example
                bücher.example
                http://files.example/warez/
                two words
                """);
        DomainBlacklist b = r.list();
        assertThat(b.size()).isEqualTo(9);
        assertThat(b.contains("www.ads.example")).isTrue();
        assertThat(b.contains("tracker.example")).isTrue();
        assertThat(b.contains("banner.example")).isTrue();
        assertThat(b.contains("v6sink.example")).isTrue();
        assertThat(b.contains("good.example")).isTrue();
        assertThat(b.contains("poker.gambling.example")).isTrue();
        assertThat(b.contains("casino.example")).isTrue();
        assertThat(b.contains("shop.xn--bcher-kva.example")).isTrue();
        assertThat(b.contains("BÜCHER.example")).isTrue();
        assertThat(b.contains("localhost")).isFalse();
        assertThat(b.contains("intranet.corp")).isFalse();
        assertThat(b.match("files.example", "/warez/x.zip")).get().extracting(BlacklistMatch::entry)
                .isEqualTo("files.example/warez/");
        assertThat(b.match("files.example", "/docs/")).isEmpty();
        assertThat(b.match("files.example")).isEmpty();
        BlacklistLoadReport rep = r.report();
        assertThat(rep.badLineCount()).isEqualTo(4);
        assertThat(rep.badLines()).extracting(Object::toString).containsExactly(
                "list.txt:10: address 10.1.1.1 is not a blocking address (0.0.0.0, 127.0.0.0/8, :: or ::1)",
                "list.txt:11: address '0.0.0.0' without a name",
                "list.txt:12: invalid domain name 'bad..example'",
                "list.txt:19: expected one domain per line, or '<address> <name>...': 'two words'");
        assertThat(rep.domains()).isEqualTo(9);
        assertThat(rep.urls()).isEqualTo(1);
        assertThat(rep.lines()).isEqualTo(19);
        assertThat(b.match("ads.example").orElseThrow().source()).isEqualTo("list.txt");
    }

    @Test
    void reloadSwapsAtomicallyAndKeepsTheOldListOnError(@TempDir Path dir) throws IOException {
        Path hosts = dir.resolve("hosts");
        Path domains = dir.resolve("domains");
        Files.writeString(hosts, "0.0.0.0 one.example\n");
        Files.writeString(domains, "two.example\n");
        BlacklistHolder h = new BlacklistHolder(List.of(hosts, domains));
        assertThat(h.current().size()).isZero();
        BlacklistLoadReport first = h.reload();
        assertThat(first.domains()).isEqualTo(2);
        assertThat(first.sources()).containsExactly(hosts.toString(), domains.toString());
        DomainBlacklist before = h.current();
        assertThat(h.reloadIfChanged()).isEmpty();

        Files.writeString(domains, "two.example\nthree.example\nbad name\n");
        Files.setLastModifiedTime(domains, FileTime.fromMillis(Files.getLastModifiedTime(domains).toMillis() + 5_000));
        BlacklistLoadReport second = h.reloadIfChanged().orElseThrow();
        assertThat(second.domains()).isEqualTo(3);
        assertThat(second.badLines()).extracting(Object::toString).containsExactly(
                domains + ":3: expected one domain per line, or '<address> <name>...': 'bad name'");
        assertThat(h.match("x.three.example")).get().extracting(BlacklistMatch::source).isEqualTo(domains.toString());
        assertThat(before.contains("three.example")).isFalse();    // old snapshots never change

        Files.delete(hosts);
        assertThatThrownBy(h::reload).isInstanceOf(UncheckedIOException.class).hasMessageContaining("hosts");
        assertThat(h.current().size()).isEqualTo(3);                // still the last good list
    }

    @Test
    void detectorNamesTheMatchedEntry() throws IOException {
        Path f = Files.createTempFile("bl", ".txt");
        try {
            Files.writeString(f, "0.0.0.0 tracker.example\n");
            BlacklistHolder h = new BlacklistHolder(List.of(f));
            h.reload();
            BlacklistDetector d = new BlacklistDetector(h);
            ProxyRecord e = ProxyRecord.builder(1000, IpAddress.parse("10.0.0.3"), "GET", "http://ads.tracker.example/p.gif")
                    .user("dave").bytesToClient(43).deriveDestination().build();
            Alert x = d.inspect(e).orElseThrow();
            assertThat(x.type()).isEqualTo(AlertType.BLACKLISTED_HOST);
            assertThat(x.evidence().get(0).detail())
                    .isEqualTo("host ads.tracker.example matches entry tracker.example (list " + f + ")");
            assertThat(x.user()).contains("dave");
            assertThat(d.inspect(e.toBuilder().host("example.org").build())).isEmpty();
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void oneMillionEntriesFromAGeneratedHostsFile(@TempDir Path dir) throws IOException {
        final int n = 1_000_000;
        String[] tlds = {"com", "net", "org", "info", "xyz"};
        Path file = dir.resolve("hosts-1m");
        Random rnd = new Random(42);
        String[] names = new String[n];
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("# generated hosts-format list\n127.0.0.1 localhost\n");
            for (int i = 0; i < n; i++) {
                names[i] = String.format(Locale.ROOT, "ad%d-%s.%s", i, label(rnd), tlds[i % tlds.length]);
                w.write("0.0.0.0 ");
                w.write(names[i]);
                w.write('\n');
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        BlacklistHolder h = new BlacklistHolder(List.of(file));
        BlacklistLoadReport r = h.reload();
        System.gc();
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        assertThat(r.domains()).isEqualTo(n);
        assertThat(r.badLineCount()).isZero();
        DomainBlacklist b = h.current();
        for (int i = 0; i < n; i += 97) {
            assertThat(b.match(names[i])).get().extracting(BlacklistMatch::entry).isEqualTo(names[i]);
            assertThat(b.match("cdn.x." + names[i].toUpperCase(Locale.ROOT) + ".")).get()
                    .extracting(BlacklistMatch::entry).isEqualTo(names[i]);
            assertThat(b.contains("not" + names[i])).isFalse();
            assertThat(b.contains(names[i] + ".evil")).isFalse();
        }
        long fileBytes = Files.size(file);
        System.out.printf(Locale.ROOT, "blacklist 1M: %d entries, list arrays %d bytes (%.1f bytes/entry),"
                        + " heap delta ~%d bytes, file %d bytes%n",
                b.size(), b.memoryBytes(), (double) b.memoryBytes() / b.size(), heapAfter - heapBefore, fileBytes);
        assertThat(b.memoryBytes()).isLessThan(40L * n);
    }

    private static String label(Random rnd) {
        char[] c = new char[4 + rnd.nextInt(8)];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('a' + rnd.nextInt(26));
        }
        return new String(c);
    }
}
