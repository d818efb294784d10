package io.peerwatch.api;

import io.peerwatch.proxy.ProxyLogException;
import io.peerwatch.proxy.ProxyLogFormat;
import io.peerwatch.proxy.ProxyLogParser;
import io.peerwatch.proxy.ProxyRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads a proxy log into records, counting the lines it cannot use (the one reader of the API). */
final class ProxyLogs {

    /** What a log held. */
    record Parsed(List<ProxyRecord> records, long rejected, List<String> rejects) {
    }

    private ProxyLogs() {
    }

    static Parsed read(Path log, Optional<String> format) {
        List<String> lines;
        try {
            // Bytes decoded leniently: a log with a stray Latin-1 byte still reads.
            lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return parse(lines, log.toString(), format);
    }

    static Parsed parse(List<String> lines, String source, Optional<String> format) {
        ProxyLogFormat f = format.map(ProxyLogFormat::named)
                .or(() -> ProxyLogFormat.detect(lines.subList(0, Math.min(lines.size(), ProxyLogFormat.DETECT_MAX_LINES))))
                .orElseThrow(() -> new IllegalArgumentException(source + ": not a proxy log format PeerWatch knows"));
        ProxyLogParser p = f.newParser();
        List<ProxyRecord> records = new ArrayList<>();
        List<String> rejects = new ArrayList<>();
        long rejected = 0;
        long n = 0;
        for (String line : lines) {
            try {
                p.parse(line, source, ++n).ifPresent(records::add);
            } catch (ProxyLogException e) {
                rejected++;
                if (rejects.size() < Judgement.MAX_REJECTS) {
                    rejects.add(e.getMessage());
                }
            }
        }
        return new Parsed(records, rejected, rejects);
    }
}
