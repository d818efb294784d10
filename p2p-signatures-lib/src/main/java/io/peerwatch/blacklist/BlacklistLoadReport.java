package io.peerwatch.blacklist;

import java.util.List;

/**
 * What a (re)load read.
 *
 * @param domains distinct domain entries in the new list
 * @param urls URL entries
 * @param lines lines read in all files
 * @param badLineCount lines rejected (each is skipped; the rest loads)
 * @param badLines the first {@link BlacklistParser#MAX_REPORTED_BAD_LINES} rejected lines
 * @param sources the files read
 * @param memoryBytes bytes held by the new list ({@link DomainBlacklist#memoryBytes()})
 */
public record BlacklistLoadReport(int domains, int urls, long lines, long badLineCount, List<BadLine> badLines,
        List<String> sources, long memoryBytes) {

    /**
     * One rejected line.
     *
     * @param source file name
     * @param line 1-based line number
     * @param reason why it was rejected
     */
    public record BadLine(String source, long line, String reason) {
        @Override
        public String toString() {
            return source + ":" + line + ": " + reason;
        }
    }

    public BlacklistLoadReport {
        badLines = List.copyOf(badLines);
        sources = List.copyOf(sources);
    }
}
