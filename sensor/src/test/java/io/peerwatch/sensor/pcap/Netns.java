package io.peerwatch.sensor.pcap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace joined to this one by a veth pair, addressed from 198.18.0.0/15 (RFC 2544
 * benchmarking range, never routed): this side {@link #hostAddress()} on {@link #hostInterface()},
 * the namespace's side {@link #peerAddress()}. Names and the /30 are random so parallel runs do
 * not collide. {@link #close()} deletes the pair and the namespace. Needs root.
 */
final class Netns implements AutoCloseable {
    private final String name;
    private final String hostIf;
    private final String peerIf;
    private final String hostAddress;
    private final String peerAddress;
    private final List<Process> started = new ArrayList<>();

    private Netns() {
        int r = ThreadLocalRandom.current().nextInt(1 << 14);
        this.name = "pwtest" + r;
        this.hostIf = "pwh" + r;
        this.peerIf = "pwp" + r;
        // 198.19.X.Y/30 with Y a multiple of 4: .1 here, .2 in the namespace
        int x = r >>> 6;
        int y = (r & 0x3f) * 4;
        this.hostAddress = "198.19." + x + "." + (y + 1);
        this.peerAddress = "198.19." + x + "." + (y + 2);
    }

    static void requireRoot() {
        String user = System.getProperty("user.name");
        if (!"root".equals(user)) {
            throw new AssertionError("the live-capture tests create a network namespace and capture on a veth: they must "
                    + "run as root (CI and ./peerwatch test run as root); running as '" + user + "'");
        }
    }

    static Netns create() throws IOException, InterruptedException {
        Netns n = new Netns();
        try {
            n.ip("netns", "add", n.name);
            n.ip("link", "add", n.hostIf, "type", "veth", "peer", "name", n.peerIf);
            // No IPv6 on the pair: no router solicitations or DAD frames at random times, so the
            // frames on the link are exactly the test's traffic and its ARP.
            Path ipv6 = Path.of("/proc/sys/net/ipv6/conf", n.hostIf, "disable_ipv6");
            if (Files.exists(ipv6)) { // absent when the kernel has no IPv6 at all
                Files.writeString(ipv6, "1");
            }
            n.ip("link", "set", n.peerIf, "netns", n.name);
            n.ip("netns", "exec", n.name, "sh", "-c", "f=/proc/sys/net/ipv6/conf/" + n.peerIf
                    + "/disable_ipv6; [ ! -e $f ] || echo 1 > $f");
            n.ip("addr", "add", n.hostAddress + "/30", "dev", n.hostIf);
            n.ip("link", "set", n.hostIf, "up");
            n.ip("netns", "exec", n.name, "ip", "addr", "add", n.peerAddress + "/30", "dev", n.peerIf);
            n.ip("netns", "exec", n.name, "ip", "link", "set", n.peerIf, "up");
            n.ip("netns", "exec", n.name, "ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    String hostInterface() {
        return hostIf;
    }

    String hostAddress() {
        return hostAddress;
    }

    String peerAddress() {
        return peerAddress;
    }

    /**
     * Frames that crossed this side's interface so far, both ways (the kernel's counters): a
     * capture on it has seen the same frames once it has read this many since it opened.
     */
    long frameCount() throws IOException {
        Path stats = Path.of("/sys/class/net", hostIf, "statistics");
        return Long.parseLong(Files.readString(stats.resolve("rx_packets")).trim())
                + Long.parseLong(Files.readString(stats.resolve("tx_packets")).trim());
    }

    /** Starts a command inside the namespace; {@link #close()} kills it. */
    Process exec(List<String> command) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
        cmd.addAll(command);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        started.add(p);
        return p;
    }

    private void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish within 20 s");
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + new String(p.getInputStream().readAllBytes()).trim());
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            ip("link", "del", hostIf);   // deletes both ends
        } catch (IOException ignored) {
            // not created, or gone with the namespace
        }
        try {
            ip("netns", "del", name);
        } catch (IOException ignored) {
            // not created
        }
    }
}
