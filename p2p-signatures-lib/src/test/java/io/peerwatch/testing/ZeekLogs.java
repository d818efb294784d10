package io.peerwatch.testing;

/** Zeek log fixtures shared by the Zeek reader tests (Zeek is not installable here). */
public final class ZeekLogs {
    /** The header block Zeek's ASCII writer puts before conn.log records. */
    public static final String CONN_TSV_HEADER = "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n"
            + "#path\tconn\n#open\t2020-06-05-14-40-02\n"
            + "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\t"
            + "resp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\t"
            + "resp_pkts\tresp_ip_bytes\ttunnel_parents\n"
            + "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\t"
            + "count\tstring\tcount\tcount\tcount\tcount\tset[string]\n";

    private ZeekLogs() {
    }
}
