package io.peerwatch.testing;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A generated office network's connections as a Zeek conn.log (JSON lines), seeded: days of
 * 5-minute steps in which
 * <ul>
 * <li>browsing hosts fetch a little, more in working hours (08:00-18:00 UTC) than at night;
 * <li>heavy hosts (backups, media work) move a lot in their hours (09:00-17:00) and little else;
 * <li>P2P users trade with many external peers on P2P ports day and night at a steady rate, and
 *     from {@link #swarmStart} on the last day ramp up together over {@link #SWARM_RAMP};
 * <li>the jumping host browses like the others and, on the last day at {@link #spikeAt}, downloads
 *     {@link #SPIKE_BYTES} from one server within one step.
 * </ul>
 * Every step's volume carries uniform noise of +/-50 %. The generator knows the ground truth
 * ({@link #p2pUsers()}, {@link #jumper()}, {@link #benign()}); detectors never see it.
 */
public final class OfficeTraffic {

    /** The step of the generator: one connection set per host per step. */
    public static final Duration STEP = Duration.ofMinutes(5);
    /** Browsing host: bytes per step in working hours. */
    public static final long BROWSE_DAY_BYTES = 2_000_000L;
    /** Browsing host: bytes per step at night. */
    public static final long BROWSE_NIGHT_BYTES = 150_000L;
    /** Heavy host: bytes per step in its hours. */
    public static final long HEAVY_DAY_BYTES = 40_000_000L;
    /** Heavy host: bytes per step outside them. */
    public static final long HEAVY_NIGHT_BYTES = 1_500_000L;
    /** P2P user: the paper's 20 KB/s. */
    public static final long P2P_BYTES_PER_SECOND = 20_000L;
    /** P2P user at the top of the swarm's ramp. */
    public static final long P2P_SWARM_BYTES_PER_SECOND = 250_000L;
    /** The swarm's ramp. */
    public static final Duration SWARM_RAMP = Duration.ofMinutes(90);
    /** The jump of the jumping host in one step. */
    public static final long SPIKE_BYTES = 200_000_000L;

    private final long startMs;
    private final int days;
    private final Random rnd;
    private final List<String> browsing = new ArrayList<>();
    private final List<String> heavy = new ArrayList<>();
    private final List<String> p2p = new ArrayList<>();
    private final String jumper;
    private final long spikeAt;
    private final long swarmStart;

    /**
     * @param startMs start of the first day (midnight UTC)
     * @param days days to generate (the last holds the events)
     * @param browsingHosts, heavyHosts, p2pUsers the population
     */
    public OfficeTraffic(long startMs, int days, int browsingHosts, int heavyHosts, int p2pUsers, long seed) {
        this.startMs = startMs;
        this.days = days;
        this.rnd = new Random(seed);
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < browsingHosts + heavyHosts + p2pUsers + 1; i++) {
            addresses.add("10.30." + (1 + i / 200) + "." + (10 + i % 200));
        }
        Collections.shuffle(addresses, rnd);
        int k = 0;
        for (int i = 0; i < browsingHosts; i++) {
            browsing.add(addresses.get(k++));
        }
        for (int i = 0; i < heavyHosts; i++) {
            heavy.add(addresses.get(k++));
        }
        for (int i = 0; i < p2pUsers; i++) {
            p2p.add(addresses.get(k++));
        }
        jumper = addresses.get(k);
        long lastDay = startMs + (days - 1) * 86_400_000L;
        spikeAt = lastDay + Duration.ofHours(3).toMillis();
        swarmStart = lastDay + Duration.ofHours(16).toMillis();
    }

    /** The P2P users. */
    public List<String> p2pUsers() {
        return List.copyOf(p2p);
    }

    /** The host that jumps. */
    public String jumper() {
        return jumper;
    }

    /** Hosts with a steady daily rhythm and nothing else: browsing and heavy hosts. */
    public List<String> benign() {
        List<String> l = new ArrayList<>(browsing);
        l.addAll(heavy);
        return l;
    }

    /** The heavy hosts (a steady rhythm well above the minimum spike volume). */
    public List<String> heavy() {
        return List.copyOf(heavy);
    }

    /** Start of the jumping host's step. */
    public long spikeAt() {
        return spikeAt;
    }

    /** Start of the P2P swarm's ramp. */
    public long swarmStart() {
        return swarmStart;
    }

    /** Writes the connections, in time order, as Zeek conn.log JSON lines. */
    public void writeConnLog(Path file) throws IOException {
        long step = STEP.toMillis();
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (long t = startMs; t < startMs + days * 86_400_000L; t += step) {
                int hour = (int) (Math.floorMod(t, 86_400_000L) / 3_600_000L);
                boolean office = hour >= 8 && hour < 18;
                boolean heavyHours = hour >= 9 && hour < 17;
                for (String h : browsing) {
                    conn(w, t, h, "203.0.113." + (1 + rnd.nextInt(250)), 443, "tcp", noisy(office ? BROWSE_DAY_BYTES : BROWSE_NIGHT_BYTES));
                }
                conn(w, t, jumper, "203.0.113." + (1 + rnd.nextInt(250)), 443, "tcp",
                        noisy(office ? BROWSE_DAY_BYTES : BROWSE_NIGHT_BYTES));
                if (t == spikeAt) {
                    conn(w, t, jumper, "198.51.100.77", 443, "tcp", SPIKE_BYTES);
                }
                for (String h : heavy) {
                    conn(w, t, h, "198.51.100." + (10 + heavy.indexOf(h)), 443, "tcp",
                            noisy(heavyHours ? HEAVY_DAY_BYTES : HEAVY_NIGHT_BYTES));
                }
                long rate = P2P_BYTES_PER_SECOND;
                if (t >= swarmStart) {
                    double f = Math.min(1.0, (double) (t - swarmStart + step) / SWARM_RAMP.toMillis());
                    rate = (long) (P2P_BYTES_PER_SECOND + f * (P2P_SWARM_BYTES_PER_SECOND - P2P_BYTES_PER_SECOND));
                }
                for (String h : p2p) {
                    long perStep = rate * step / 1000;
                    for (int peer = 0; peer < 4; peer++) {
                        String ip = "198.18." + rnd.nextInt(200) + "." + (1 + rnd.nextInt(250));
                        conn(w, t, h, ip, 6881 + rnd.nextInt(9), rnd.nextInt(4) == 0 ? "udp" : "tcp", noisy(perStep / 4));
                    }
                }
            }
        }
    }

    private long noisy(long bytes) {
        return (long) (bytes * (0.5 + rnd.nextDouble()));
    }

    /** A connection from an internal host to a server or peer that fetches {@code bytes} (a twentieth goes up). */
    private void conn(BufferedWriter w, long stepStart, String host, String peer, int port, String proto, long bytes)
            throws IOException {
        long ts = stepStart + rnd.nextInt((int) (STEP.toMillis() - 70_000));
        double duration = 5 + rnd.nextInt(60);
        long down = bytes;
        long up = bytes / 20;
        w.write(String.format(Locale.ROOT, "{\"ts\":%.3f,\"uid\":\"C%08x\",\"id.orig_h\":\"%s\",\"id.orig_p\":%d,"
                + "\"id.resp_h\":\"%s\",\"id.resp_p\":%d,\"proto\":\"%s\",\"duration\":%.1f,\"orig_bytes\":%d,"
                + "\"resp_bytes\":%d,\"orig_pkts\":%d,\"resp_pkts\":%d,\"conn_state\":\"SF\"}%n", ts / 1000.0, rnd.nextInt(),
                host, 49152 + rnd.nextInt(16384), peer, port, proto, duration, up, down, up / 500 + 1, down / 1400 + 1));
    }
}
