package io.peerwatch.bench;

import io.peerwatch.volume.BaselineConfig;
import io.peerwatch.volume.VolumeBaseline;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * State per host of the learned volume baselines ({@link VolumeBaseline}) at a given host count:
 * every host's baseline learns a week of 5-minute windows (every hour-of-day slot and day-of-week
 * factor set), kept in a map keyed by the job's key text ({@code host:10.x.y.z}) as a heap state
 * backend keeps it. Reports the binary form (what a checkpoint or RocksDB stores) per host and the
 * heap held per host after a full GC (the map, keys and baselines; measured as the difference to
 * an empty heap). Bounded by the host count, not by time.
 *
 * <p>{@code java -Xmx2g -cp p2p-signatures-lib/target/classes:bench/target/classes
 * io.peerwatch.bench.BaselineStateBench 10000 100000}
 */
public final class BaselineStateBench {

    private BaselineStateBench() {
    }

    public static void main(String[] args) throws IOException {
        BaselineConfig c = BaselineConfig.defaults();
        long w = c.window().toMillis();
        long t0 = 1_795_392_000_000L; // a Monday, 00:00 UTC
        int windows = (int) (7L * 86_400_000 / w);
        System.out.printf("hosts  windows/host  binary B/host  heap B/host  learn ns/window%n");
        for (String a : args) {
            int hosts = Integer.parseInt(a);
            long before = heapAfterGc();
            Map<String, VolumeBaseline> state = new HashMap<>(hosts * 2);
            Random rnd = new Random(hosts);
            long start = System.nanoTime();
            for (int h = 0; h < hosts; h++) {
                VolumeBaseline b = new VolumeBaseline();
                for (int i = 0; i < windows; i++) {
                    b.learn(t0 + i * w, 1_000_000L + rnd.nextInt(5_000_000), c);
                }
                state.put("host:10." + (h >> 16) + "." + ((h >> 8) & 0xff) + "." + (h & 0xff), b);
            }
            long learnNs = System.nanoTime() - start;
            long held = heapAfterGc() - before;
            ByteArrayOutputStream bos = new ByteArrayOutputStream(VolumeBaseline.STATE_BYTES);
            List<VolumeBaseline> sample = new ArrayList<>(state.values()).subList(0, Math.min(100, hosts));
            for (VolumeBaseline b : sample) {
                b.writeTo(new DataOutputStream(bos));
            }
            System.out.printf("%d  %d  %d  %d  %.0f%n", hosts, windows, bos.size() / sample.size(), held / hosts,
                    (double) learnNs / ((long) hosts * windows));
            if (state.size() != hosts) {
                throw new IllegalStateException("lost hosts");
            }
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean m = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return m.getHeapMemoryUsage().getUsed();
    }
}
