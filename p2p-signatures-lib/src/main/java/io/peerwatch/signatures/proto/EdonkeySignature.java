package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * eDonkey2000 / eMule over TCP (client-server and client-client).
 *
 * <p>Framing (eMule Protocol Specification, Kulbak &amp; Bickson 2005, section 2.1): protocol byte
 * 0xE3 (eDonkey), 0xC5 (eMule extensions) or 0xD4 (zlib-packed: the opcode's payload is a zlib
 * stream, RFC 1950 header), 4-byte little-endian length counting the opcode and payload, opcode.
 * Opcodes are checked against the sets eMule defines ({@code opcodes.h}): client-server
 * (login 0x01, search 0x16, results 0x33, ...), client-client (hello 0x01, hello answer 0x4C,
 * request parts 0x47, ...) and the extended 0xC5 set.
 *
 * <p>A first packet matches when its message fills the packet exactly, or when the message ends
 * inside the packet and another plausible header follows. A message longer than the packet
 * (a hello or a file list in several segments) gives NEED_MORE; the flow matches when a later
 * segment of the same direction ends exactly at, or starts a new header right after, the
 * announced length. Obfuscated (RC4) eMule connections look random and are not matched.
 *
 * <p>Evidence ({@link EdonkeyEvidence}): NICK and CLIENT (eMule version tag, mod string) from
 * hello / login tags, SEARCH from search requests, FILE_NAME from search results, offered files
 * and file-name answers, SERVER_HOST from the server identification. Packed messages are not
 * inflated.
 */
final class EdonkeySignature implements Signature {

    static final EdonkeySignature INSTANCE = new EdonkeySignature();

    static final int EDONKEY = 0xE3;
    static final int EMULE = 0xC5;
    static final int PACKED = 0xD4;
    static final int HEADER = 6;
    /**
     * Largest plausible message: a part block (180 KiB) or a long file list fits well below it;
     * larger lengths mean the bytes are not eDonkey framing.
     */
    static final long MAX_MESSAGE = 2 * 1024 * 1024;

    private static final boolean[] EDONKEY_OPS = set(0x01, 0x05, 0x14, 0x15, 0x16, 0x18, 0x19, 0x1A, 0x1C,
            0x1D, 0x1E, 0x1F, 0x21, 0x23, 0x32, 0x33, 0x34, 0x35, 0x36, 0x38, 0x39, 0x3A, 0x3B, 0x3C, 0x3D,
            0x40, 0x41, 0x42, 0x43, 0x44, 0x46, 0x47, 0x48, 0x49, 0x4A, 0x4B, 0x4C, 0x4D, 0x4E, 0x4F, 0x50,
            0x51, 0x52, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F, 0x60, 0x61);
    private static final boolean[] EMULE_OPS = set(0x01, 0x02, 0x40, 0x60, 0x61, 0x81, 0x82, 0x83, 0x84,
            0x85, 0x86, 0x87, 0x90, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9A, 0x9B, 0x9C,
            0x9D, 0x9E, 0x9F, 0xA0, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xA7, 0xA8, 0xA9, 0xB0, 0xB1, 0xB2);

    private EdonkeySignature() {
    }

    private static boolean[] set(int... ops) {
        boolean[] s = new boolean[256];
        for (int op : ops) {
            s[op] = true;
        }
        return s;
    }

    @Override
    public SignatureId id() {
        return SignatureId.EDONKEY;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        int n = payload.limit();
        int pending = scratch.get(id(), dir.ordinal());
        if (pending > 0) {
            if (pending == n || pending < n && header(payload, pending) >= 0) {
                return Verdict.MATCH;
            }
            if (pending < n) {
                return Verdict.NO_MATCH;
            }
            scratch.set(id(), dir.ordinal(), pending - n);
            return Verdict.NEED_MORE;
        }
        long total = header(payload, 0);
        if (total < 0 || n < HEADER) {
            return Verdict.NO_MATCH;
        }
        if (total == n || total < n && header(payload, (int) total) >= 0) {
            return Verdict.MATCH;
        }
        if (total < n) {
            return Verdict.NO_MATCH;
        }
        scratch.set(id(), dir.ordinal(), (int) (total - n));
        return Verdict.NEED_MORE;
    }

    /**
     * Total size (header included) of a plausible message starting at {@code off}, or -1. A header
     * cut by the end of the packet is plausible when its protocol byte is.
     */
    static long header(ByteBuffer b, int off) {
        int proto = Bytes.u8(b, off);
        if (proto != EDONKEY && proto != EMULE && proto != PACKED) {
            return -1;
        }
        long len = Bytes.u32le(b, off + 1);
        int op = Bytes.u8(b, off + HEADER - 1);
        if (op < 0) {
            return len < 0 || len >= 1 && len <= MAX_MESSAGE ? Long.MAX_VALUE : -1;
        }
        if (len < 1 || len > MAX_MESSAGE || !knownOpcode(proto, op)) {
            return -1;
        }
        if (proto == PACKED && len > 2 && !zlibHeader(b, off + HEADER)) {
            return -1;
        }
        return HEADER - 1 + len;
    }

    static boolean knownOpcode(int proto, int op) {
        return proto == EDONKEY ? EDONKEY_OPS[op] : proto == EMULE ? EMULE_OPS[op] : EDONKEY_OPS[op] || EMULE_OPS[op];
    }

    /** RFC 1950: CMF 0x78 (deflate, 32 KiB window) and (CMF*256 + FLG) divisible by 31. */
    static boolean zlibHeader(ByteBuffer b, int off) {
        int cmf = Bytes.u8(b, off);
        int flg = Bytes.u8(b, off + 1);
        return flg < 0 ? cmf < 0 || cmf == 0x78 : cmf == 0x78 && (cmf * 256 + flg) % 31 == 0;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        EdonkeyEvidence.describeTcp(payload, out);
    }
}
