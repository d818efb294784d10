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
 * OpenVPN's control channel (OpenVPN {@code src/openvpn/ssl_pkt.h} and the "network protocol"
 * overview {@code doc/doxygen/doc_protocol_overview.h}; openvpn3 {@code is_openvpn_protocol}).
 * Every packet starts with {@code opcode(5 bits) | key_id(3 bits)} then the sender's 8-byte
 * session id; over TCP a 2-byte big-endian length precedes each packet. Without tls-auth the
 * client's first packet is {@code P_CONTROL_HARD_RESET_CLIENT_V2, sid, ack_len=0,
 * packet_id=0} (14 bytes); tls-auth inserts an HMAC, packet-id and time after the session id,
 * tls-crypt encrypts everything after the time, so only the opcode and session id are
 * readable in every mode.
 *
 * <p>Rule: the flow's first packet is a hard reset with key id 0 (client V1/V2/V3: opcode
 * 1/7/10, or server V1/V2: 2/8 when the capture starts at the reply). It matches when the
 * other side answers with the complementary hard reset, or when the same side sends another
 * control packet (reset retransmit, {@code P_CONTROL_V1} 4, {@code P_ACK_V1} 5) carrying the
 * same session id. Over TCP the length prefix must be plausible and only payloads that
 * start on a message boundary are parsed (tracked with the stream offset), so messages split
 * into tiny segments (an anti-DPI trick in nDPI's openvpn_obfuscated capture) still match;
 * a session id cut by a segment end is compared on its visible part.
 *
 * <p>Evidence: a {@link MetadataKey#NOTE} with the control-channel wrapping guessed from the
 * size of the first reset (plain 14 bytes vs tls-auth/tls-crypt).
 */
final class OpenVpnSignature implements Signature {

    static final OpenVpnSignature INSTANCE = new OpenVpnSignature();

    private static final int RESET_CLIENT_V1 = 1;
    private static final int RESET_SERVER_V1 = 2;
    private static final int CONTROL_V1 = 4;
    private static final int ACK_V1 = 5;
    private static final int RESET_CLIENT_V2 = 7;
    private static final int RESET_SERVER_V2 = 8;
    private static final int RESET_CLIENT_V3 = 10;
    private static final int OPCODE_SHIFT = 3;
    private static final int KEY_ID_MASK = 0x07;
    private static final int SESSION_ID = 8;
    /** A plain (no tls-auth) client hard reset: opcode, session id, ack count, packet id. */
    private static final int PLAIN_RESET = 1 + SESSION_ID + 1 + 4;
    /** Largest control packet: a tls-crypt-v2 client reset carries a wrapped key (~1 KB). */
    private static final int MAX_CONTROL = 2048;
    private static final int TCP_PREFIX = 2;
    private static final int STATE = 0;
    private static final int SID_HIGH = 1;
    private static final int SID_LOW = 2;
    /** Length of the first reset (without the TCP prefix); over TCP it also locates the next message. */
    private static final int FIRST_LENGTH = 3;
    /** State: bit 0 = reset seen, bit 1 = it was a server reset, bit 2 = it came from the server side. */
    private static final int SEEN = 1;
    private static final int SERVER_RESET = 2;
    private static final int FROM_SERVER_SIDE = 4;

    private OpenVpnSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.OPENVPN;
    }

    @Override
    public Selection selection() {
        return Selection.TCP_OR_UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        boolean tcp = s.ipProtocol() == IpProtocol.TCP;
        int base = tcp ? TCP_PREFIX : 0;
        int state = s.get(id(), STATE);
        if (state == 0) {
            int op = Bytes.u8(p, base);
            int opcode = op >>> OPCODE_SHIFT;
            if (s.payloadPackets() > 0 || !plausibleLength(p, base) || (op & KEY_ID_MASK) != 0
                    || (!isClientReset(opcode) && !isServerReset(opcode))) {
                return Verdict.NO_MATCH;
            }
            s.set(id(), STATE, SEEN | (isServerReset(opcode) ? SERVER_RESET : 0)
                    | (dir == Direction.SERVER_TO_CLIENT ? FROM_SERVER_SIDE : 0));
            s.set(id(), SID_HIGH, (int) sidPart(p, base + 1));
            s.set(id(), SID_LOW, (int) sidPart(p, base + 1 + 4));
            s.set(id(), FIRST_LENGTH, tcp ? Bytes.u16be(p, 0) : p.limit());
            return Verdict.NEED_MORE;
        }
        boolean sameSide = ((state & FROM_SERVER_SIDE) != 0) == (dir == Direction.SERVER_TO_CLIENT);
        // Over TCP only a payload starting on a message boundary can be parsed: the next
        // message of the first side, or the first payload of the other side.
        if (tcp && (sameSide ? s.payloadBytes(dir) != TCP_PREFIX + s.get(id(), FIRST_LENGTH) : s.payloadPackets(dir) > 0)) {
            return Verdict.NEED_MORE;
        }
        if (!plausibleLength(p, base)) {
            return Verdict.NO_MATCH;
        }
        int op = Bytes.u8(p, base);
        int opcode = op >>> OPCODE_SHIFT;
        boolean firstWasServer = (state & SERVER_RESET) != 0;
        if (!sameSide) {
            boolean answer = (op & KEY_ID_MASK) == 0 && (firstWasServer ? isClientReset(opcode) : isServerReset(opcode));
            return answer ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        boolean control = opcode == CONTROL_V1 || opcode == ACK_V1
                || (firstWasServer ? isServerReset(opcode) : isClientReset(opcode));
        return control && sameSid(p, base + 1, s) ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    private static boolean isClientReset(int opcode) {
        return opcode == RESET_CLIENT_V1 || opcode == RESET_CLIENT_V2 || opcode == RESET_CLIENT_V3;
    }

    private static boolean isServerReset(int opcode) {
        return opcode == RESET_SERVER_V1 || opcode == RESET_SERVER_V2;
    }

    /** UDP: at least a plain reset; TCP: a length prefix sized like a control packet. */
    private static boolean plausibleLength(ByteBuffer p, int base) {
        if (base == 0) {
            return p.limit() >= PLAIN_RESET && p.limit() <= MAX_CONTROL;
        }
        int len = Bytes.u16be(p, 0);
        return p.limit() > base && len >= PLAIN_RESET && len <= MAX_CONTROL;
    }

    /** Up to 4 bytes of the session id at {@code off}, marked by how many were visible. */
    private static long sidPart(ByteBuffer p, int off) {
        long v = 0;
        int n = 0;
        for (; n < 4 && off + n < p.limit(); n++) {
            v = (v << 8) | (p.get(off + n) & 0xff);
        }
        return n == 4 ? v : -1;
    }

    /** True when the visible session id bytes equal the stored ones (parts cut by a segment end are skipped). */
    private static boolean sameSid(ByteBuffer p, int off, FlowScratch s) {
        int high = s.get(SignatureId.OPENVPN, SID_HIGH);
        int low = s.get(SignatureId.OPENVPN, SID_LOW);
        long seenLow = sidPart(p, off + 4);
        return high != -1 && sidPart(p, off) == (high & 0xFFFFFFFFL)
                && (low == -1 || seenLow < 0 || seenLow == (low & 0xFFFFFFFFL));
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        if (out.isEmpty()) {
            out.put(MetadataKey.NOTE, "OpenVPN over " + (s.ipProtocol() == IpProtocol.TCP ? "TCP" : "UDP"));
            if ((s.get(id(), STATE) & SERVER_RESET) == 0) {
                out.put(MetadataKey.NOTE, s.get(id(), FIRST_LENGTH) == PLAIN_RESET
                        ? "control channel without tls-auth/tls-crypt" : "control channel wrapped (tls-auth or tls-crypt)");
            }
        }
    }
}
