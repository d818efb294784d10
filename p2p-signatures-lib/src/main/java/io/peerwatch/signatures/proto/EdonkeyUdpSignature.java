package io.peerwatch.signatures.proto;

import static io.peerwatch.signatures.proto.DatagramKind.NONE;
import static io.peerwatch.signatures.proto.DatagramKind.STRONG;
import static io.peerwatch.signatures.proto.DatagramKind.WEAK;

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
 * eDonkey server UDP (protocol byte 0xE3) and eMule peer UDP (0xC5). A datagram is the protocol
 * byte, an opcode and the payload, without length field (eMule Protocol Specification, Kulbak
 * &amp; Bickson 2005, section 2.2 and chapter 5; opcodes and payload layouts from eMule's
 * {@code opcodes.h}; sizes cross-checked with the ipp2p description of the same messages).
 *
 * <p>Strong datagrams match alone because their structure pins the length: a global search
 * request (0x98/0x92, a search tree that ends exactly at the datagram end), a global search
 * result (0x99, entry with a well-formed tag list), found sources (0x9B, {@code <hash 16><count 1>
 * <count x 6>}), server list (0xA1), server description request/answer (0xA2/0xA3 with the
 * 0xF0FF marker). Weak datagrams are 2 known bytes plus a fixed length: status request 0x96 (6),
 * status answer 0x97 (14..42), get sources 0x9A ({@code n x 16}), callback request 0x9C (12),
 * eMule reask ping 0x90 (&gt;= 18), reask answer 0x91, file not found 0x92 / queue full 0x93 (2),
 * reask callback 0x94 (&gt;= 34), direct callback 0x95 (21), port test 0xFE (3). A weak datagram
 * gives NEED_MORE and two of them in the flow (request and answer) match. One or two packets.
 *
 * <p>Evidence: SEARCH from global searches, FILE_NAME from global search results.
 */
final class EdonkeyUdpSignature implements Signature {

    static final EdonkeyUdpSignature INSTANCE = new EdonkeyUdpSignature();

    private static final int DESC_MARKER = 0xF0FF;
    private static final int HASH = 16;
    private static final int ENTRY = 16 + 4 + 2;

    private EdonkeyUdpSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.EDONKEY_UDP;
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
        if (op < 0) {
            return NONE;
        }
        if (proto == EdonkeySignature.EDONKEY) {
            return server(b, op, n);
        }
        if (proto != EdonkeySignature.EMULE) {
            return NONE;
        }
        return switch (op) {
            case 0x90 -> n >= 2 + HASH ? WEAK : NONE;
            case 0x91 -> n >= 4 ? WEAK : NONE;
            case 0x92, 0x93 -> n == 2 ? WEAK : NONE;
            case 0x94 -> n >= 2 + 2 * HASH ? WEAK : NONE;
            case 0x95 -> n == 2 + 2 + HASH + 1 ? WEAK : NONE;
            case 0xFE -> n == 3 ? WEAK : NONE;
            default -> NONE;
        };
    }

    private static int server(ByteBuffer b, int op, int n) {
        return switch (op) {
            case 0x92, 0x98 -> EdonkeyFields.treeEnd(b, 2, n) == n ? STRONG : NONE;
            case 0x99 -> n >= 2 + ENTRY + 4 && EdonkeyFields.tagsEnd(b, 2 + ENTRY + 4, Bytes.u32le(b, 2 + ENTRY)) == n
                    ? STRONG : NONE;
            case 0x9B -> n >= 2 + HASH + 1 && 2 + HASH + 1 + 6 * Bytes.u8(b, 2 + HASH) == n ? STRONG : NONE;
            case 0xA1 -> n >= 3 && 3 + 6 * Bytes.u8(b, 2) == n ? STRONG : NONE;
            case 0xA2 -> n == 6 && Bytes.u16le(b, 2) == DESC_MARKER ? STRONG : NONE;
            case 0xA3 -> n >= 10 && Bytes.u16le(b, 2) == DESC_MARKER ? STRONG : NONE;
            case 0x96, 0x9E -> n == 6 ? WEAK : NONE;
            case 0x97 -> n >= 14 && n <= 42 && (n - 14) % 4 == 0 ? WEAK : NONE;
            case 0x9A -> n >= 2 + HASH && (n - 2) % HASH == 0 ? WEAK : NONE;
            case 0x9C -> n == 12 ? WEAK : NONE;
            default -> NONE;
        };
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        if (Bytes.u8(payload, 0) != EdonkeySignature.EDONKEY) {
            return;
        }
        int op = Bytes.u8(payload, 1);
        if (op == 0x92 || op == 0x98) {
            EdonkeyEvidence.search(payload, 2, payload.limit(), out);
        } else if (op == 0x99) {
            EdonkeyEvidence.stringTags(payload, 2 + ENTRY, payload.limit(), 0x01)
                    .forEach(name -> out.put(MetadataKey.FILE_NAME, name));
        }
    }
}
