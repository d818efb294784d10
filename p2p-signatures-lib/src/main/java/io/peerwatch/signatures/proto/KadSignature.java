package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.DatagramKind.NONE;
import static io.peerwatch.signatures.proto.DatagramKind.STRONG;
import static io.peerwatch.signatures.proto.DatagramKind.WEAK;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Kad (eMule/aMule Kademlia) over UDP: protocol byte 0xE4 (plain) or 0xE5 (opcode followed by a
 * zlib stream), opcode, payload (eMule {@code opcodes.h} "Kademlia opcodes"; payload layouts
 * from eMule's {@code KademliaUDPListener}; sizes cross-checked with the ipp2p description).
 *
 * <p>Strong datagrams pin their length: KADEMLIA2_BOOTSTRAP_RES 0x09
 * {@code <id 16><tcp 2><version 1><count 2><count x 25>}, KADEMLIA2_REQ 0x21 (35 bytes, request
 * type 2, 4 or 0x0B), KADEMLIA2_RES 0x29 {@code <target 16><count 1><count x 25>}, Kad1
 * bootstrap/result lists (0x08, 0x28) and Kad1 request 0x20, KADEMLIA2_HELLO_REQ/RES 0x11/0x19
 * {@code <id 16><tcp 2><version 1><tag count 1><tags>} with a tag list ending at the datagram end,
 * and packed 0xE5 datagrams with a known opcode and an RFC 1950 zlib header. Weak datagrams are
 * the other opcodes with their fixed or minimum length (bootstrap request 2, ping 2, pong 4,
 * search requests, publish requests/answers, firewall checks, buddy requests); they give
 * NEED_MORE and a second Kad datagram in the flow (typically the answer) matches.
 * Obfuscated Kad (random-looking) is not matched.
 */
final class KadSignature implements Signature {

    static final KadSignature INSTANCE = new KadSignature();

    private static final int KAD = 0xE4;
    private static final int KAD_PACKED = 0xE5;
    private static final int ID = 16;
    private static final int CONTACT = 25;

    private KadSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.KAD;
    }

    @Override
    public Selection selection() {
        return Selection.UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        return DatagramKind.verdict(classify(payload), id(), scratch);
    }

    static int classify(ByteBuffer b) {
        int n = b.limit();
        int proto = Bytes.u8(b, 0);
        int op = Bytes.u8(b, 1);
        if (op < 0 || proto != KAD && proto != KAD_PACKED) {
            return NONE;
        }
        if (proto == KAD_PACKED) {
            return n > 4 && plain(b, op, Integer.MAX_VALUE) != NONE && EdonkeySignature.zlibHeader(b, 2)
                    && Bytes.u8(b, 3) >= 0 ? STRONG : NONE;
        }
        return plain(b, op, n);
    }

    /** Kind of a plain Kad datagram of length {@code n}; with n = MAX_VALUE only the opcode is checked. */
    private static int plain(ByteBuffer b, int op, int n) {
        boolean any = n == Integer.MAX_VALUE;
        return switch (op) {
            case 0x09 -> any ? STRONG : n >= 23 && 23 + CONTACT * Bytes.u16le(b, 21) == n ? STRONG : NONE;
            case 0x21 -> any ? STRONG : n == 35 && isRequestType(Bytes.u8(b, 2)) ? STRONG : NONE;
            case 0x20 -> any ? STRONG : n == 35 && isRequestType(Bytes.u8(b, 2)) ? STRONG : NONE;
            case 0x29, 0x28 -> any ? STRONG : n >= 19 && 19 + CONTACT * Bytes.u8(b, 18) == n ? STRONG : NONE;
            case 0x08 -> any ? STRONG : n >= 4 && 4 + CONTACT * Bytes.u16le(b, 2) == n ? STRONG : NONE;
            case 0x11, 0x19 -> any ? STRONG : hello(b, n);
            case 0x01, 0x4C, 0x59, 0x60 -> any || n == 2 ? WEAK : NONE;
            case 0x00, 0x10, 0x18 -> any || n == 2 + CONTACT ? WEAK : NONE;
            case 0x22 -> any || n >= 2 + ID + 1 ? WEAK : NONE;
            case 0x30, 0x33 -> any || n >= 2 + ID + 1 ? WEAK : NONE;
            case 0x32, 0x35 -> any || n == 2 + ID + 8 || n == 2 + 2 * ID ? WEAK : NONE;
            case 0x34 -> any || n == 2 + ID + 2 + 8 ? WEAK : NONE;
            case 0x38, 0x3A, 0x3B, 0x40, 0x42, 0x43, 0x44, 0x45 -> any || n >= 2 + ID + 2 ? WEAK : NONE;
            case 0x48, 0x4A, 0x4B -> any || n == 2 + ID || n == 2 + ID + 1 ? WEAK : NONE;
            case 0x50, 0x61 -> any || n == 4 ? WEAK : NONE;
            case 0x51, 0x52, 0x5A -> any || n == 2 + 2 * ID + 2 || n == 2 + 2 * ID + 3 ? WEAK : NONE;
            case 0x53 -> any || n == 2 + 2 + ID + 1 ? WEAK : NONE;
            case 0x58 -> any || n == 6 ? WEAK : NONE;
            case 0x62 -> any || n == 5 ? WEAK : NONE;
            default -> NONE;
        };
    }

    /** KADEMLIA_FIND_VALUE 0x02, KADEMLIA_STORE 0x04, KADEMLIA_FIND_NODE 0x0B. */
    private static boolean isRequestType(int t) {
        return t == 0x02 || t == 0x04 || t == 0x0B;
    }

    private static int hello(ByteBuffer b, int n) {
        int tags = 2 + ID + 2 + 1;
        int count = Bytes.u8(b, tags);
        if (count < 0) {
            return NONE;
        }
        if (count == 0) {
            return n == tags + 1 ? STRONG : NONE;
        }
        return EdonkeyFields.tagsEnd(b, tags + 1, count) == n ? STRONG : NONE;
    }
}
