package io.peerwatch.cli.cluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Tails of the cluster's log files, for error messages that say what went wrong. */
public final class Logs {

    /** Lines of each log shown when something fails. */
    public static final int TAIL_LINES = 25;
    /** Bytes read from the end of a log to find its last lines (Flink logs long lines). */
    private static final int TAIL_BYTES = 64 * 1024;

    private Logs() {
    }

    /** The last {@code n} lines of {@code text}. */
    static String lastLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** The last {@code n} lines of a file, or "" when it does not exist. */
    public static String tail(Path file, int n) {
        if (!Files.isRegularFile(file)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            byte[] b = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(b);
            return lastLines(new String(b, StandardCharsets.UTF_8), n);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /**
     * "==> file <==" headed tails of the log and output of each named process of the cluster. A process that has
     * written nothing yet (a start that failed fast) is still listed by its log file, so the user knows where to look.
     */
    public static String tails(ClusterLayout layout, List<String> processes) {
        StringBuilder sb = new StringBuilder();
        for (String p : processes) {
            boolean any = false;
            for (Path f : List.of(layout.out(p), layout.log(p))) {
                String t = tail(f, TAIL_LINES);
                if (!t.isBlank()) {
                    sb.append("==> ").append(f).append(" <==\n").append(t).append('\n');
                    any = true;
                }
            }
            if (!any) {
                sb.append("==> ").append(layout.log(p)).append(" <== (nothing written yet)\n");
            }
        }
        return sb.toString();
    }
}
