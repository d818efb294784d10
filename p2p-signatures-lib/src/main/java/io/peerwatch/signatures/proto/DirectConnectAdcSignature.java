package io.peerwatch.signatures.proto;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Direct Connect, ADC protocol (ADC 1.0.3, https://adc.sourceforge.io/ADC.html, sections 3 and 5):
 * a message is a type letter ({@code B C D E F H I U}), a three-letter command, space-separated
 * parameters and a terminating LF; a client opens a hub session with {@code HSUP ADBASE ...} (the
 * hub answers {@code ISUP}, {@code ISID}, {@code IINF}) and a client-client connection with
 * {@code CSUP ADBASE ...}; UDP search results are {@code URES <cid> ...}.
 *
 * <p>TCP: the first packet matches when it is a SUP message offering an {@code AD} feature, or
 * any message whose command is in the ADC command set and whose line ends in a bare LF (no CR)
 * within the packet with only printable bytes. UDP: a {@code U} message with a known command
 * followed by a 39-character base32 CID. One packet.
 *
 * <p>Evidence: NICK and CLIENT from the {@code NI} and {@code VE} parameters of the client's
 * {@code INF}, SERVER_HOST from the hub's {@code IINF NI}, SEARCH from the {@code AN} terms of
 * {@code SCH} ({@code TR} roots as {@code TTH:}), FILE_NAME from {@code RES FN} and {@code GET}
 * names. Parameter escapes {@code \s \n \\} are decoded.
 */
final class DirectConnectAdcSignature implements Signature {

    static final DirectConnectAdcSignature INSTANCE = new DirectConnectAdcSignature();

    private static final String TYPES = "BCDEFHIU";
    private static final String[] COMMANDS = {"SUP", "SID", "INF", "MSG", "SCH", "RES", "CTM", "RCM", "GPA",
        "PAS", "QUI", "STA", "GET", "GFI", "SND", "CMD", "NAT", "RNT", "PSR", "ZON", "ZOF", "PUB", "TCP"};
    private static final byte[] AD_FEATURE = Bytes.ascii(" AD");
    private static final int CID = 39;
    /** ADC lines longer than this without LF are not ADC here (hubs limit messages far below). */
    private static final int MAX_LINE = 4096;

    private DirectConnectAdcSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.DIRECT_CONNECT_ADC;
    }

    @Override
    public Selection selection() {
        return Selection.TCP_OR_UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        int type = Bytes.u8(payload, 0);
        int sep = Bytes.u8(payload, 4);
        if (type < 0 || TYPES.indexOf(type) < 0 || (sep != ' ' && sep != '\n') || !knownCommand(payload)) {
            return Verdict.NO_MATCH;
        }
        if (scratch.ipProtocol() == IpProtocol.UDP) {
            return type == 'U' && isCid(payload, 5) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        int lf = Bytes.indexOf(payload, (byte) '\n', 4, MAX_LINE);
        if (lf < 0 || payload.get(lf - 1) == '\r') {
            return Verdict.NO_MATCH;
        }
        for (int i = 5; i < lf; i++) {
            int c = payload.get(i) & 0xff;
            if (c < 0x20 || c == 0x7f) {
                return Verdict.NO_MATCH;
            }
        }
        boolean sup = payload.get(1) == 'S' && payload.get(2) == 'U' && payload.get(3) == 'P';
        return !sup || Bytes.indexOf(payload, AD_FEATURE, 4, lf) > 0 ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    private static boolean knownCommand(ByteBuffer b) {
        for (String c : COMMANDS) {
            if (b.get(1) == c.charAt(0) && b.get(2) == c.charAt(1) && b.get(3) == c.charAt(2)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isCid(ByteBuffer b, int off) {
        for (int i = off; i < off + CID; i++) {
            int c = Bytes.u8(b, i);
            if (!(c >= 'A' && c <= 'Z' || c >= '2' && c <= '7')) {
                return false;
            }
        }
        int after = Bytes.u8(b, off + CID);
        return after == ' ' || after == '\n';
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        // Hubs relay every user's INF and SCH to every client: only the client's own count.
        boolean own = dir == Direction.CLIENT_TO_SERVER || scratch.ipProtocol() == IpProtocol.UDP;
        for (String line : Bytes.utf8(payload, 0, payload.limit()).split("\n")) {
            if (line.length() < 4) {
                continue;
            }
            String cmd = line.substring(1, 4);
            String[] params = line.split(" ");
            StringBuilder search = new StringBuilder();
            for (String p : params) {
                if (p.length() < 2) {
                    continue;
                }
                String key = p.substring(0, 2);
                String value = unescape(p.substring(2));
                switch (cmd + key) {
                    case "INFNI" -> {
                        if (line.charAt(0) == 'I') {
                            out.put(MetadataKey.SERVER_HOST, value);
                        } else if (own) {
                            out.put(MetadataKey.NICK, value);
                        }
                    }
                    case "INFVE" -> {
                        if (own && line.charAt(0) != 'I') {
                            out.put(MetadataKey.CLIENT, value);
                        }
                    }
                    case "SCHAN" -> search.append(search.length() == 0 ? "" : " ").append(value);
                    case "SCHTR" -> search.append(search.length() == 0 ? "" : " ").append("TTH:").append(value);
                    case "RESFN" -> out.put(MetadataKey.FILE_NAME, value);
                    default -> {
                    }
                }
            }
            if (cmd.equals("GET") && params.length > 2 && params[1].equals("file") && !params[2].startsWith("TTH/")) {
                out.put(MetadataKey.FILE_NAME, unescape(params[2]));
            }
            if (own) {
                out.put(MetadataKey.SEARCH, search.toString());
            }
        }
    }

    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char e = s.charAt(++i);
                out.append(e == 's' ? ' ' : e == 'n' ? '\n' : e);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
