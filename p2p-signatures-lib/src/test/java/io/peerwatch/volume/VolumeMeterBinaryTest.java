package io.peerwatch.volume;

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
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The binary form of {@link VolumeMeter} and {@link SlidingCounter}: the lab's proxy logs counted
 * per user and address with a quota they exceed, every meter written and read back half-way, the
 * rest counted by the restored meters: the same quota alerts as without the interruption.
 */
class VolumeMeterBinaryTest {

    static byte[] bytes(VolumeMeter m) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bos)) {
            m.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bos.toByteArray();
    }

    static VolumeMeter read(byte[] b) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
        VolumeMeter m = VolumeMeter.readFrom(in);
        assertThat(in.read()).as("bytes left after the meter").isEqualTo(-1);
        return m;
    }

    static VolumeMeter roundTrip(VolumeMeter m) {
        byte[] first = bytes(m);
        try {
            VolumeMeter back = read(first);
            assertThat(bytes(back)).as("bytes of the restored meter").isEqualTo(first);
            return back;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record counted per key and checked at its time, as the job's volume operator does. */
    static List<Alert> drive(VolumeDetector d, List<ProxyRecord> log, boolean restore) {
        Map<VolumeKey, VolumeMeter> meters = new TreeMap<>((a, b) -> a.text().compareTo(b.text()));
        List<Alert> out = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) {
            if (restore && i == log.size() / 2) {
                meters.replaceAll((k, m) -> roundTrip(m));
            }
            ProxyRecord r = log.get(i);
            for (VolumeKey k : VolumeKey.of(r)) {
                VolumeMeter m = meters.computeIfAbsent(k, x -> d.newMeter());
                d.observe(m, r);
                Optional<Alert> a = d.evaluate(m, k, r.timestampMs());
                a.ifPresent(out::add);
            }
        }
        return out;
    }

    @Test
    void labLogsRestoredHalfWayGiveTheSameQuotaAlerts() {
        List<ProxyRecord> log = new ArrayList<>(LabLogs.native_("http-tunnel"));
        log.addAll(LabLogs.native_("benign-proxy"));
        log.sort((a, b) -> Long.compare(a.timestampMs(), b.timestampMs()));
        long total = log.stream().mapToLong(ProxyRecord::totalBytes).sum();
        VolumeDetector d = new VolumeDetector(VolumeConfig.defaults().withHourQuota(total / 3).withDayQuota(total / 2));
        List<Alert> straight = drive(d, log, false);
        assertThat(straight).isNotEmpty().allSatisfy(a -> assertThat(a.type()).isEqualTo(AlertType.VOLUME_QUOTA));
        assertThat(drive(d, log, true)).isEqualTo(straight);
    }

    @Test
    void aSlidingCounterKeepsItsPositionAndLateCount() throws IOException {
        SlidingCounter c = new SlidingCounter(60_000, 60);
        for (int i = 0; i < 200; i++) {
            c.add(i * 45_000L, i);
        }
        c.add(0, 5); // late
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        c.writeTo(new DataOutputStream(bos));
        SlidingCounter back = SlidingCounter.readFrom(new DataInputStream(new ByteArrayInputStream(bos.toByteArray())));
        long now = 199 * 45_000L;
        assertThat(back.bytes(now)).isEqualTo(c.bytes(now)).isPositive();
        assertThat(back.requests(now)).isEqualTo(c.requests(now));
        assertThat(back.late()).isEqualTo(1);
        back.add(now + 60_000, 7);
        c.add(now + 60_000, 7);
        assertThat(back.bytes(now + 60_000)).isEqualTo(c.bytes(now + 60_000));
    }

    @Test
    void truncationsUnknownVersionsAndHugeBucketCountsAreIoErrors() throws IOException {
        VolumeDetector d = new VolumeDetector(VolumeConfig.defaults());
        VolumeMeter m = d.newMeter();
        for (ProxyRecord r : LabLogs.native_("benign-proxy")) {
            d.observe(m, r);
        }
        byte[] good = bytes(m);
        for (int n = 0; n < good.length; n++) {
            byte[] cut = Arrays.copyOf(good, n);
            assertThatThrownBy(() -> read(cut)).as("first %d of %d bytes", n, good.length).isInstanceOf(IOException.class);
        }
        byte[] future = good.clone();
        future[0] = 7;
        assertThatThrownBy(() -> read(future)).isInstanceOf(StreamCorruptedException.class).hasMessageContaining("version 7");

        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeByte(SlidingCounter.FORMAT_VERSION);
        out.writeLong(60_000);
        out.writeInt(SlidingCounter.MAX_BUCKETS + 1);
        assertThatThrownBy(() -> SlidingCounter.readFrom(new DataInputStream(new ByteArrayInputStream(bos.toByteArray()))))
                .isInstanceOf(StreamCorruptedException.class).hasMessageContaining("entries of SlidingCounter");
    }
}
