package io.peerwatch.packet;

/** TCP header flag bits (RFC 9293 section 3.1, RFC 3168 for ECE/CWR) and their letters. */
public final class TcpFlags {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    private static final String LETTERS = "FSRPAUEC";

    private TcpFlags() {
    }

    /** Letters of the set flags in bit order, e.g. {@code "SA"} for SYN+ACK, "" for none. */
    public static String toString(int flags) {
        StringBuilder sb = new StringBuilder(LETTERS.length());
        for (int i = 0; i < LETTERS.length(); i++) {
            if ((flags & (1 << i)) != 0) {
                sb.append(LETTERS.charAt(i));
            }
        }
        return sb.toString();
    }
}
