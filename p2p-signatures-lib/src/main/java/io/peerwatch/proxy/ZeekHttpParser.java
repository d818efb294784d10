package io.peerwatch.proxy;

import java.util.Optional;

/** Zeek http.log parser (placeholder until the shared Zeek reader lands). */
final class ZeekHttpParser implements ProxyLogParser {
    private final ProxyLogFormat format;

    private ZeekHttpParser(ProxyLogFormat format) {
        this.format = format;
    }

    static ZeekHttpParser tsv(ProxyLogFormat f) {
        return new ZeekHttpParser(f);
    }

    static ZeekHttpParser json(ProxyLogFormat f) {
        return new ZeekHttpParser(f);
    }

    @Override
    public ProxyLogFormat format() {
        return format;
    }

    @Override
    public Optional<ProxyEntry> parse(String line, String source, long lineNumber) throws ProxyLogException {
        throw new ProxyLogException(source, lineNumber, "Zeek http.log is not supported yet", line);
    }
}
