package io.peerwatch.job.files;

/** The kinds of files the job can read directly (offline analysis). */
public enum InputKind {
    /** Flow records: export-datagram pcaps, nfcapd files, nfdump CSV, Zeek conn.log. */
    FLOWS("netflow"),
    /** Web proxy logs: Squid native/common/combined, logformat, Zeek http.log. */
    PROXY("proxy-log"),
    /** Packet captures: pcap and pcapng. */
    PACKETS("pcap");

    private final String label;

    InputKind(String label) {
        this.label = label;
    }

    /** Short name used in dead letters ({@code file:<label>}). */
    public String label() {
        return label;
    }
}
