package io.peerwatch.proxy;

import java.util.Optional;

/**
 * Parses one log line at a time. Get one from {@link ProxyLogFormat#newParser()}, one per file
 * or stream: Zeek TSV parsers remember the {@code #fields} header, so an instance must not be
 * shared between files or threads. The other formats are stateless.
 *
 * <pre>{@code
 * ProxyLogParser p = ProxyLogFormat.SQUID_NATIVE.newParser();
 * long n = 0;
 * for (String line : Files.readAllLines(log)) {
 *     try {
 *         p.parse(line, log.toString(), ++n).ifPresent(entries::add);
 *     } catch (ProxyLogException e) {
 *         System.err.println(e.getMessage());   // "access.log:17: ..." then carry on
 *     }
 * }
 * }</pre>
 */
public interface ProxyLogParser {

    /** The format this parser reads. */
    ProxyLogFormat format();

    /**
     * Parses one line (without its line terminator; a trailing CR is ignored).
     *
     * @param source file name or stream name, used in error messages
     * @param lineNumber 1-based line number, used in error messages
     * @return the entry, or empty for a line that carries no record (blank line, comment,
     *     Zeek header line)
     * @throws ProxyLogException naming source, line and reason when the line is malformed
     */
    Optional<ProxyRecord> parse(String line, String source, long lineNumber) throws ProxyLogException;
}
