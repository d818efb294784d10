package io.peerwatch.cli.policy;

import io.peerwatch.job.EcsJson;
import io.peerwatch.notice.Alert;
import io.peerwatch.policy.Utf8Lines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads files of the ECS JSON documents {@link EcsJson} writes (one per line from
 * {@code peerwatch analyze}) back into alerts, through {@link EcsJson#fromJson}, the reverse of
 * the one ECS mapping. The alert id is taken as written, so a policy names the same alert id as
 * the SIEM.
 */
public final class EcsAlerts {

    /**
     * Alerts of a file, and the lines that were not alerts.
     *
     * @param alerts the alerts, in file order
     * @param badLines {@code FILE:LINE: reason} per unusable line
     */
    public record Read(List<Alert> alerts, List<String> badLines) {
    }

    private EcsAlerts() {
    }

    /**
     * Reads a file of ECS JSON lines; blank lines are skipped, unusable ones (not UTF-8, not
     * JSON, not an alert) reported with their line number and reason.
     *
     * @throws IOException when the file cannot be read (the message names the file)
     * @throws IllegalArgumentException when the file has lines but none is an alert (the wrong
     *     file, most likely), naming the file and its first bad line
     */
    public static Read read(Path file) throws IOException {
        List<Alert> alerts = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        try {
            Utf8Lines.read(file, l -> {
                if (!l.isText()) {
                    bad.add(file + ":" + l.number() + ": " + l.problem());
                    return;
                }
                if (l.text().isBlank()) {
                    return;
                }
                try {
                    alerts.add(parse(l.text()));
                } catch (IllegalArgumentException e) {
                    bad.add(file + ":" + l.number() + ": " + e.getMessage());
                }
            });
        } catch (IOException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (alerts.isEmpty() && !bad.isEmpty()) {
            throw new IllegalArgumentException("--from-alerts " + file + ": no line is a PeerWatch alert (unusable lines: "
                    + bad.size() + "; the first: " + bad.get(0) + ")");
        }
        return new Read(alerts, bad);
    }

    /**
     * One ECS document as an alert ({@link EcsJson#fromJson}).
     *
     * @throws IllegalArgumentException naming what is missing or malformed
     */
    public static Alert parse(String json) {
        return EcsJson.fromJson(json);
    }
}
