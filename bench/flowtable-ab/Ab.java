import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/**
 * Driver of bench/flowtable-ab.sh (compiled by it, not by Maven).
 * Paired A/B of library jars in one JVM: each jar in its own class loader with its own copy of
 * Loop; passes alternate between the variants, each timed by the thread's CPU time, so a change
 * of load on the machine hits all variants alike. Prints per variant the median and best pass
 * and the median of the per-round ratios to the first variant.
 */
public class Ab {
    public static void main(String[] a) throws Exception {
        int rounds = Integer.parseInt(a[0]);
        int warm = Integer.parseInt(a[1]);
        List<Integer> links = new ArrayList<>();
        List<ByteBuffer> frames = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("corpus")))) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        // Read the frames with the first jar's reader.
        ClassLoader first = loader(a[2]);
        Class<?> files0 = first.loadClass("io.peerwatch.pcap.PacketFiles");
        for (Path f : files) {
            try (AutoCloseable r = (AutoCloseable) files0.getMethod("open", Path.class).invoke(null, f)) {
                var next = r.getClass().getMethod("next");
                next.setAccessible(true);
                var packet = r.getClass().getMethod("packet");
                packet.setAccessible(true);
                while ((boolean) next.invoke(r)) {
                    Object v = packet.invoke(r);
                    Class<?> vc = v.getClass();
                    int cap = (int) vc.getMethod("capturedLength").invoke(v);
                    int off = (int) vc.getMethod("offset").invoke(v);
                    ByteBuffer b = (ByteBuffer) vc.getMethod("buffer").invoke(v);
                    byte[] copy = new byte[cap];
                    b.get(off, copy);
                    frames.add(ByteBuffer.wrap(copy));
                    links.add((int) vc.getMethod("linkType").invoke(v));
                }
            } catch (Exception e) {
                // files the reader cannot read are skipped, as in the benchmark
            }
        }
        int[] link = links.stream().mapToInt(Integer::intValue).toArray();
        ByteBuffer[] fr = frames.toArray(new ByteBuffer[0]);
        int n = a.length - 2;
        IntSupplier[] loops = new IntSupplier[n];
        for (int i = 0; i < n; i++) {
            Class<?> c = loader(a[2 + i]).loadClass("Loop");
            loops[i] = (IntSupplier) c.getConstructor(int[].class, ByteBuffer[].class, int.class).newInstance(link, fr, 10);
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double[][] t = new double[n][rounds];
        long sink = 0;
        for (int r = 0; r < warm + rounds; r++) {
            for (int k = 0; k < n; k++) {
                int i = (r + k) % n; // rotate the order every round
                long t0 = mx.getCurrentThreadCpuTime();
                sink += loops[i].getAsInt();
                double ns = (mx.getCurrentThreadCpuTime() - t0) / (10.0 * fr.length);
                if (r >= warm) {
                    t[i][r - warm] = ns;
                }
            }
        }
        System.out.printf("%d frames, %d rounds after %d warm-up rounds (sink %d)%n", fr.length, rounds, warm, sink % 7);
        for (int i = 0; i < n; i++) {
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                ratio[r] = t[i][r] / t[0][r];
            }
            double[] s = t[i].clone();
            java.util.Arrays.sort(s);
            java.util.Arrays.sort(ratio);
            System.out.printf("%-40s CPU ns/packet median %.1f best %.1f; ratio to first: median %.3f (p25 %.3f, p75 %.3f)%n",
                    a[2 + i], s[rounds / 2], s[0], ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
        }
    }

    private static ClassLoader loader(String jar) throws Exception {
        return new URLClassLoader(new URL[] {Path.of(jar).toUri().toURL(), Path.of(System.getProperty("loop.dir")).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
    }
}
