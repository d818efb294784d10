package io.peerwatch.bench.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alerts of one run by type, and a digest of their ids (sorted): alert ids are deterministic, so
 * two runs of a job over the same record set that produce the same alerts have the same digest,
 * whichever order they were written in (a check that a restructured job still computes the same).
 */
record AlertSummary(Map<String, Integer> byType, String digest) {

    static AlertSummary of(List<byte[]> values) {
        Map<String, Integer> types = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        for (byte[] v : values) {
            BenchRecords.AlertInfo a = BenchRecords.alert(v);
            types.merge(a.type(), 1, Integer::sum);
            ids.add(a.id());
        }
        Collections.sort(ids);
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String id : ids) {
                md.update(id.getBytes(StandardCharsets.UTF_8));
                md.update((byte) '\n');
            }
            return new AlertSummary(types, HexFormat.of().formatHex(md.digest()).substring(0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code {TYPE=n,...}} without spaces. */
    String types() {
        return byType.toString().replace(" ", "");
    }
}
