package io.peerwatch.sensor.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.core.DeadLetter;
import io.peerwatch.schemas.TopicCodec;
import io.peerwatch.schemas.TopicCodec.ProxyLine;
import io.peerwatch.sensor.SharedKafka;
import io.peerwatch.testing.Await;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proxy-log tailer against a real local broker: rename and copytruncate rotation, restart
 * from the saved position, unfinished last lines, bad lines. Every test reads the topic back and
 * compares it with the lines written: each exactly once, in order.
 */
class ProxyTailerITCase {


    @TempDir
    Path dir;
    Path log;
    String topic;
    String deadTopic;
    final List<String> messages = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        log = dir.resolve("access.log");
        topic = SharedKafka.newTopic("proxy");
        deadTopic = SharedKafka.newTopic("proxy-dead");
    }

    /** A Squid native line whose URL names the request: {@code http://t.example/<id>}. */
    private static String line(String id) {
        return "1795607370.573     18 198.18.1.40 TCP_MISS/200 4622 GET http://t.example/" + id
                + " - HIER_DIRECT/198.18.1.30 text/html\n";
    }

    private static List<String> ids(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i).toList();
    }

    private static void append(Path f, List<String> ids) throws IOException {
        StringBuilder sb = new StringBuilder();
        ids.forEach(id -> sb.append(line(id)));
        appendRaw(f, sb.toString());
    }

    private static void appendRaw(Path f, String text) throws IOException {
        Files.writeString(f, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private TailerConfig.Builder config() {
        return TailerConfig.builder(log, SharedKafka.bootstrap()).topic(topic).deadLetterTopic(deadTopic)
                .pollInterval(Duration.ofMillis(50)).rotationGrace(Duration.ofMillis(300))
                .stateFile(dir.resolve("position"));
    }

    private ProxyTailer start(TailerConfig.Builder b) throws IOException {
        return ProxyTailer.start(b.build(), messages::add);
    }

    private static void waitFor(String what, BooleanSupplier c) {
        Await.until(what, c);
    }

    /** Every record of the topic (read once the tailer has closed: everything is acknowledged). */
    private List<ProxyLine> records() {
        return SharedKafka.readAll(topic).stream().map(TopicCodec::decodeProxyLine).toList();
    }

    private static List<String> urlIds(List<ProxyLine> rs) {
        return rs.stream().map(r -> r.record().url().substring("http://t.example/".length())).toList();
    }

    @Test
    void anUnfinishedLastLineWaitsForItsNewline() throws Exception {
        append(log, ids("a", 1, 3));
        appendRaw(log, line("a4").substring(0, 40));
        try (ProxyTailer t = start(config().fromStart(true))) {
            long size = Files.size(log);
            // the tailer has read the unfinished line (its read offset is past it) and committed the 3 before it
            waitFor("line 3 committed and the unfinished line read",
                    () -> t.stats().committedLine() == 3 && t.stats().readOffset() == size);
            assertThat(t.stats().records()).isEqualTo(3);
            assertThat(t.stats().lines()).isEqualTo(3);
            assertThat(t.stats().committedOffset()).isEqualTo(size - 40);
            appendRaw(log, line("a4").substring(40));
            append(log, ids("a", 5, 5));
            waitFor("5 records", () -> t.stats().records() == 5);
        }
        List<ProxyLine> rs = records();
        assertThat(urlIds(rs)).containsExactly("a1", "a2", "a3", "a4", "a5");
        assertThat(rs).extracting(r -> r.line().getAsLong()).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(rs).allSatisfy(r -> assertThat(r.source()).contains(log.toString()));
        assertThat(String.join("\n", messages)).contains("format squid (detected)");
    }

    @Test
    void withoutASavedPositionItStartsAtTheEndUnlessFromStart() throws Exception {
        append(log, ids("old", 1, 4));
        try (ProxyTailer t = start(config())) {
            waitFor("started", () -> messages.stream().anyMatch(m -> m.contains("following")));
            append(log, ids("new", 1, 2));
            waitFor("2 records", () -> t.stats().records() == 2);
        }
        List<ProxyLine> rs = records();
        assertThat(urlIds(rs)).containsExactly("new1", "new2");
        assertThat(rs).extracting(r -> r.line().getAsLong()).containsExactly(5L, 6L);
    }

    @Test
    void renameRotationReadsTheOldFileToItsEndThenTheNewOne() throws Exception {
        append(log, ids("r", 1, 50));
        try (ProxyTailer t = start(config().fromStart(true))) {
            waitFor("50 records", () -> t.stats().records() == 50);
            Path rotated = dir.resolve("access.log.1");
            Files.move(log, rotated, StandardCopyOption.ATOMIC_MOVE);
            append(rotated, ids("r", 51, 55));         // the writer still has the old file open
            appendRaw(rotated, line("r56").stripTrailing()); // and its last line lacks the newline
            append(log, ids("s", 1, 20));              // then it reopens the name
            waitFor("76 records", () -> t.stats().records() == 76);
            assertThat(t.stats().rotations()).isEqualTo(1);
        }
        List<String> expected = new ArrayList<>(ids("r", 1, 56));
        expected.addAll(ids("s", 1, 20));
        List<ProxyLine> rs = records();
        assertThat(urlIds(rs)).containsExactlyElementsOf(expected);
        // lines appended to the renamed file keep its numbering; the new file starts at line 1
        assertThat(rs.get(55).line()).hasValue(56L);
        assertThat(rs.get(56).line()).hasValue(1L);
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("was rotated (renamed)"));
    }

    @Test
    void copyTruncateReadsTheUnreadRestFromTheCopy() throws Exception {
        append(log, ids("c", 1, 30));
        try (ProxyTailer t = start(config().fromStart(true).pollInterval(Duration.ofMillis(400)))) {
            waitFor("30 records", () -> t.stats().records() == 30);
            // what logrotate's copytruncate does: more lines, copy, truncate in place
            append(log, ids("c", 31, 40));
            Files.copy(log, dir.resolve("access.log.1"));
            try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                ch.truncate(0);
            }
            append(log, ids("d", 1, 5));
            waitFor("45 records", () -> t.stats().records() == 45);
            assertThat(t.stats().truncations()).isEqualTo(1);
        }
        List<String> expected = new ArrayList<>(ids("c", 1, 40));
        expected.addAll(ids("d", 1, 5));
        assertThat(urlIds(records())).containsExactlyElementsOf(expected);
    }

    @Test
    void aRestartResumesAfterRotationsWithoutLossOrDuplicates() throws Exception {
        append(log, ids("x", 1, 100));
        try (ProxyTailer t = start(config().fromStart(true).maxBatchLines(7))) {
            waitFor("100 records", () -> t.stats().records() == 100);
        }
        TailPosition saved = TailPosition.load(dir.resolve("position")).orElseThrow();
        assertThat(saved.line()).isEqualTo(100);
        assertThat(saved.offset()).isEqualTo(Files.size(log));

        // While stopped: more lines, a rename rotation, lines in the new file.
        append(log, ids("x", 101, 120));
        Files.move(log, dir.resolve("access.log.1"));
        append(log, ids("y", 1, 10));
        try (ProxyTailer t = start(config())) {
            waitFor("30 records", () -> t.stats().records() == 30);
        }
        // While stopped again: more lines, then copytruncate.
        append(log, ids("y", 11, 15));
        Files.move(dir.resolve("access.log.1"), dir.resolve("access.log.2"));
        Files.copy(log, dir.resolve("access.log.1"));
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        append(log, ids("z", 1, 3));
        try (ProxyTailer t = start(config())) {
            waitFor("8 records", () -> t.stats().records() == 8);
            assertThat(t.stats().truncations()).isEqualTo(1);
        }
        List<String> expected = new ArrayList<>(ids("x", 1, 120));
        expected.addAll(ids("y", 1, 15));
        expected.addAll(ids("z", 1, 3));
        assertThat(urlIds(records())).containsExactlyElementsOf(expected);
    }

    @Test
    void badLinesGoToTheDeadLetterTopicWithFileAndLineAndTheRestContinues() throws Exception {
        append(log, ids("b", 1, 2));
        appendRaw(log, "this is not a squid line\n");
        append(log, ids("b", 3, 3));
        appendRaw(log, "1795607370.573 18 198.18.1.40 TCP_MISS/abc 4622 GET http://t.example/bad - HIER_DIRECT/- -\n");
        append(log, ids("b", 4, 4));
        try (ProxyTailer t = start(config().fromStart(true).format(ProxyLogFormat.SQUID_NATIVE))) {
            waitFor("4 records and 2 bad lines", () -> t.stats().records() == 4 && t.stats().badLines() == 2);
        }
        assertThat(urlIds(records())).containsExactly("b1", "b2", "b3", "b4");
        List<DeadLetter> dead = SharedKafka.readAll(deadTopic).stream().map(TopicCodec.deadLetters()::decode).toList();
        assertThat(dead).extracting(d -> d.lineNumber().getAsLong()).containsExactly(3L, 5L);
        assertThat(dead).allSatisfy(d -> {
            assertThat(d.source()).isEqualTo("file:proxy-log");
            assertThat(d.sourceName()).contains(log.toString());
            assertThat(d.errorClass()).isEqualTo("PARSE");
            assertThat(d.message()).startsWith(log + ":" + d.lineNumber().getAsLong() + ": ");
        });
        assertThat(new String(dead.get(0).raw(), StandardCharsets.UTF_8)).isEqualTo("this is not a squid line");
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith(log + ":3: "));
        assertThat(messages).anySatisfy(m -> assertThat(m).startsWith(log + ":5: "));
    }

    @Test
    void badLineMessagesAreRateLimitedButEveryBadLineIsDeadLettered() throws Exception {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            sb.append("garbage ").append(i).append('\n');
        }
        append(log, ids("g", 1, 1));
        appendRaw(log, sb.toString());
        try (ProxyTailer t = start(config().fromStart(true).format(ProxyLogFormat.SQUID_NATIVE).badLinesPerInterval(3))) {
            waitFor("25 bad lines", () -> t.stats().badLines() == 25);
        }
        assertThat(messages.stream().filter(m -> m.startsWith(log + ":")).count()).isEqualTo(3);
        assertThat(messages).anySatisfy(m -> assertThat(m).contains("22 more bad lines not shown"));
        assertThat(SharedKafka.count(deadTopic)).isEqualTo(25);
    }

}
