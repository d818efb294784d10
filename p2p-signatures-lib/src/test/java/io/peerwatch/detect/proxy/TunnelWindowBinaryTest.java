package io.peerwatch.detect.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.core.AlertType;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.LabLogs;
import io.peerwatch.proxy.ProxyRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The binary form of {@link TunnelWindow}: the lab's Squid logs fed into per-key shape windows,
 * every open window written and read back half-way, the rest fed to the restored windows: the
 * same alerts as without the interruption. Corrupt input ends in an {@link IOException}.
 */
class TunnelWindowBinaryTest {

    private final TunnelDetector detector = new TunnelDetector(TunnelConfig.defaults());

    static byte[] bytes(TunnelWindow w) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            w.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static TunnelWindow read(byte[] b) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        TunnelWindow w = TunnelWindow.readFrom(in);
        assertThat(in.read()).as("bytes left after the window").isEqualTo(-1);
        return w;
    }

    static TunnelWindow roundTrip(TunnelWindow w) {
        byte[] first = bytes(w);
        try {
            TunnelWindow back = read(first);
            assertThat(bytes(back)).as("bytes of the restored window").isEqualTo(first);
            return back;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Shape windows per key and tumbling window, as the job keeps them; optionally restored half-way. */
    private List<Alert> drive(List<ProxyRecord> log, boolean restore) {
        long windowMs = detector.config().window().toMillis();
        Map<String, TunnelWindow> windows = new TreeMap<>();
        for (int i = 0; i < log.size(); i++) {
            if (restore && i == log.size() / 2) {
                windows.replaceAll((k, w) -> roundTrip(w));
            }
            ProxyRecord r = log.get(i);
            long start = Math.floorDiv(r.timestampMs(), windowMs) * windowMs;
            detector.observe(windows.computeIfAbsent(start + " " + TunnelDetector.keyOf(r), k -> new TunnelWindow()), r);
        }
        List<Alert> out = new ArrayList<>();
        windows.forEach((k, w) -> {
            long start = Long.parseLong(k.substring(0, k.indexOf(' ')));
            detector.evaluate(w, start, start + windowMs).ifPresent(out::add);
        });
        return out;
    }

    @Test
    void labLogsRestoredHalfWayGiveTheSameAlerts() {
        for (String scenario : List.of("http-tunnel", "benign-proxy")) {
            List<ProxyRecord> log = LabLogs.native_(scenario);
            assertThat(log).hasSizeGreaterThan(10);
            List<Alert> straight = drive(log, false);
            assertThat(drive(log, true)).as(scenario).isEqualTo(straight);
            if (scenario.equals("http-tunnel")) {
                assertThat(straight).extracting(Alert::type).contains(AlertType.HTTP_TUNNEL);
            } else {
                assertThat(straight).as("benign browsing").isEmpty();
            }
        }
    }

    @Test
    void aWindowWithNullsAndCappedSeriesRoundTrips() {
        roundTrip(new TunnelWindow());
        TunnelDetector small = new TunnelDetector(TunnelConfig.builder().minRequests(3).maxTimestampsPerSeries(3).maxTrackedSeries(1).build());
        TunnelWindow w = new TunnelWindow();
        for (ProxyRecord r : LabLogs.native_("http-tunnel")) {
            small.observe(w, r);
        }
        TunnelWindow back = roundTrip(w);
        assertThat(back.seriesCapped).isTrue();
        assertThat(back.series.values()).allSatisfy(s -> assertThat(s.kept).isEqualTo(3));
        // a series restored with one timestamp grows like one that was never written
        List<ProxyRecord> log = LabLogs.native_("http-tunnel").stream().filter(r -> !r.isConnect()).toList();
        TunnelWindow plain = new TunnelWindow();
        detector.observe(plain, log.get(0));
        TunnelWindow grown = roundTrip(plain);
        for (ProxyRecord r : log) {
            detector.observe(plain, r);
            detector.observe(grown, r);
        }
        assertThat(grown.requests()).isEqualTo(1 + log.size());
        assertThat(bytes(grown)).isEqualTo(bytes(plain));
    }

    @Test
    void truncationsUnknownVersionsAndHugeStringsAreIoErrors() throws IOException {
        TunnelWindow w = new TunnelWindow();
        for (ProxyRecord r : LabLogs.native_("http-tunnel")) {
            if (!r.isConnect()) {
                detector.observe(w, r);
            }
        }
        byte[] good = bytes(w);
        assertThat(good.length).isGreaterThan(100);
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> read(cut)).as("first %d of %d bytes", n, good.length).isInstanceOf(IOException.class);
        }
        byte[] future = good.clone();
        future[0] = 2;
        assertThatThrownBy(() -> read(future)).isInstanceOf(StreamCorruptedException.class).hasMessageContaining("version 2");

        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeByte(TunnelWindow.FORMAT_VERSION);
        out.writeInt(1 << 20); // a subject of 1 MiB claimed, 3 bytes there
        out.write(new byte[] {'a', 'b', 'c'});
        assertThatThrownBy(() -> read(bos.toByteArray())).isInstanceOf(EOFException.class);
        byte[] tooLong = bos.toByteArray();
        tooLong[1] = 0x7f; // 2 GiB claimed
        assertThatThrownBy(() -> read(tooLong)).isInstanceOf(StreamCorruptedException.class)
                .hasMessageContaining("string of");
    }
}
