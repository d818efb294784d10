package io.peerwatch.sensor.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line splitting, unfinished and overlong lines, the position file and the head fingerprint. */
class LineSourceTest {

    @TempDir
    Path dir;

    private final List<String> lines = new ArrayList<>();
    private final List<Long> numbers = new ArrayList<>();
    private final List<String> overlong = new ArrayList<>();

    private final LineSource.Sink sink = new LineSource.Sink() {
        @Override
        public void line(byte[] buf, int off, int len, long lineNumber, long endOffset) {
            lines.add(new String(buf, off, len, StandardCharsets.UTF_8));
            numbers.add(lineNumber);
        }

        @Override
        public void overlong(byte[] buf, int off, int len, long lineNumber, long endOffset) {
            overlong.add(lineNumber + ":" + len);
        }
    };

    private Path write(String text) throws Exception {
        Path f = dir.resolve("log");
        Files.writeString(f, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return f;
    }

    @Test
    void completeLinesOnlyCrLfStrippedPositionAfterTheLastNewline() throws Exception {
        Path f = write("one\r\ntwo\nthr");
        try (LineSource s = new LineSource(f, FileId.of(f), 0, 0, 256)) {
            assertThat(s.read(100, sink)).isEqualTo(2);
            assertThat(lines).containsExactly("one", "two");
            assertThat(s.committableOffset()).isEqualTo(9);
            assertThat(s.pending()).isEqualTo(3);
            assertThat(s.read(100, sink)).isZero();
            write("ee\n");
            assertThat(s.read(100, sink)).isEqualTo(1);
            assertThat(lines).containsExactly("one", "two", "three");
            assertThat(numbers).containsExactly(1L, 2L, 3L);
            assertThat(s.committableOffset()).isEqualTo(Files.size(f));
        }
    }

    @Test
    void maxLinesIsHonouredAndTheRestStaysBuffered() throws Exception {
        Path f = write("a\nb\nc\nd\n");
        try (LineSource s = new LineSource(f, FileId.of(f), 2, 1, 256)) {
            assertThat(s.read(2, sink)).isEqualTo(2);
            assertThat(lines).containsExactly("b", "c");
            assertThat(s.committableLine()).isEqualTo(3);
            assertThat(s.read(2, sink)).isEqualTo(1);
            assertThat(lines).containsExactly("b", "c", "d");
        }
    }

    @Test
    void anOverlongLineIsReportedOnceAndSkippedToItsNewline() throws Exception {
        Path f = write("ok\n" + "x".repeat(1000) + "\nafter\n");
        try (LineSource s = new LineSource(f, FileId.of(f), 0, 0, 256)) {
            while (s.read(100, sink) > 0) {
                // drain
            }
            assertThat(lines).containsExactly("ok", "after");
            assertThat(numbers).containsExactly(1L, 3L);
            assertThat(overlong).containsExactly("2:256");
        }
    }

    @Test
    void insideAnOverlongLineTheCommittablePositionIsItsStart() throws Exception {
        Path f = write("ok\n" + "y".repeat(600));
        try (LineSource s = new LineSource(f, FileId.of(f), 0, 0, 256)) {
            s.read(100, sink);
            assertThat(overlong).containsExactly("2:256");
            assertThat(s.committableOffset()).isEqualTo(3);
            assertThat(s.committableLine()).isEqualTo(1);
        }
    }

    @Test
    void flushPartialEmitsTheUnfinishedLastLineOfARotatedFile() throws Exception {
        Path f = write("a\nlast");
        try (LineSource s = new LineSource(f, FileId.of(f), 0, 0, 256)) {
            s.read(100, sink);
            assertThat(s.flushPartial(sink)).isTrue();
            assertThat(s.flushPartial(sink)).isFalse();
            assertThat(lines).containsExactly("a", "last");
            assertThat(s.committableOffset()).isEqualTo(Files.size(f));
        }
    }

    @Test
    void rewindReadsAgainFromTheGivenPosition() throws Exception {
        Path f = write("a\nb\nc\n");
        try (LineSource s = new LineSource(f, FileId.of(f), 0, 0, 256)) {
            s.read(100, sink);
            s.rewind(2, 1);
            s.read(100, sink);
            assertThat(lines).containsExactly("a", "b", "c", "b", "c");
            assertThat(numbers).containsExactly(1L, 2L, 3L, 2L, 3L);
        }
    }

    @Test
    void headFingerprintSurvivesGrowthButNotTruncationAndRefill() throws Exception {
        Path f = write("first line\nsecond\n");
        String head;
        try (FileChannel ch = FileChannel.open(f)) {
            head = FileId.headHash(ch);
        }
        assertThat(head).startsWith("18:");
        write("third\n");
        assertThat(FileId.sameHead(f, head)).isTrue();
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(0);
        }
        write("first line\nsecond!\nmore\n");
        assertThat(FileId.sameHead(f, head)).isFalse();
        assertThat(FileId.sameHead(f, FileId.NO_HASH)).isTrue();
        Path empty = dir.resolve("partial");
        Files.writeString(empty, "no newline yet");
        try (FileChannel ch = FileChannel.open(empty)) {
            assertThat(FileId.headHash(ch)).isEqualTo(FileId.NO_HASH);
        }
    }

    @Test
    void positionFileRoundTripsAndADamagedOneIsAClearError() throws Exception {
        Path state = dir.resolve("pos");
        TailPosition p = new TailPosition(dir.resolve("access.log"), new FileId(2049, 77), 1234, 17, "18:abcd");
        p.store(state);
        assertThat(TailPosition.load(state)).contains(p);
        assertThat(TailPosition.load(dir.resolve("none"))).isEmpty();
        Files.writeString(state, "offset=12\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TailPosition.load(state))
                .hasMessageContaining("state file " + state + " is damaged");
    }
}
