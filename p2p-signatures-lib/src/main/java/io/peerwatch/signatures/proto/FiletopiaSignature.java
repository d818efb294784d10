package io.peerwatch.signatures.proto;

import io.peerwatch.ports.PortEntry;
import io.peerwatch.ports.PortTable;
import io.peerwatch.ports.Transport;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureConfig;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Filetopia by behaviour (confidence kind BEHAVIOUR): Filetopia is a server-based network whose
 * traffic is encrypted from the first byte and whose protocol is unpublished, so no payload
 * signature exists. The source paper's firewall table gives its port, 5665 (the
 * {@code Filetopia} row of {@link PortTable#defaults()}).
 *
 * <p>Rule: a TCP flow to a Filetopia-table server port whose first payload packet in each
 * direction is at least {@link SignatureConfig#filetopiaMinPayload()} bytes, not a TLS record, not an SSH banner and not
 * text, and looks random (by default at least three quarters of the sampled bytes distinct, which random
 * data meets and text, zero padding or most binary framings do not). Both directions must agree,
 * so the verdict comes with the first answer (two packets).
 *
 * <p>This is weak evidence: any encrypted protocol moved to port 5665 fits. It says "consistent
 * with Filetopia", and the classification's BEHAVIOUR confidence and NOTE say so.
 */
final class FiletopiaSignature implements Signature {

    static final FiletopiaSignature INSTANCE = new FiletopiaSignature(SignatureConfig.defaults());
    private static final int SEEN_CLIENT = 1;
    private static final int SEEN_SERVER = 2;
    private static final byte[] SSH = Bytes.ascii("SSH-");
    private static final boolean[] PORTS = ports();

    /** Shorter first packets carry too little to judge randomness. */
    final int minPayload;
    /** Bytes sampled from the start of the packet for the distinct-byte count. */
    private final int sample;
    /** Distinct byte values per sampled byte, at least. */
    private final double minDistinctRatio;

    FiletopiaSignature(SignatureConfig config) {
        this.minPayload = config.filetopiaMinPayload();
        this.sample = config.filetopiaSample();
        this.minDistinctRatio = config.filetopiaMinDistinctRatio();
    }

    private static boolean[] ports() {
        boolean[] p = new boolean[0x10000];
        for (PortEntry e : PortTable.defaults().entries()) {
            if (e.transport() == Transport.TCP && e.application().equalsIgnoreCase("Filetopia")) {
                for (int port = e.lowPort(); port <= e.highPort(); port++) {
                    p[port] = true;
                }
            }
        }
        return p;
    }

    @Override
    public SignatureId id() {
        return SignatureId.FILETOPIA;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        int port = scratch.serverPort();
        if (port < 0 || port >= PORTS.length || !PORTS[port] || !looksEncrypted(payload)) {
            return Verdict.NO_MATCH;
        }
        int seen = scratch.get(id(), 0) | (dir == Direction.CLIENT_TO_SERVER ? SEEN_CLIENT : SEEN_SERVER);
        scratch.set(id(), 0, seen);
        return seen == (SEEN_CLIENT | SEEN_SERVER) ? Verdict.MATCH : Verdict.NEED_MORE;
    }

    boolean looksEncrypted(ByteBuffer b) {
        int n = b.limit();
        if (n < minPayload || Bytes.startsWith(b, SSH) || Bytes.isText(b, 0, minPayload)) {
            return false;
        }
        int c0 = b.get(0) & 0xff;
        if (c0 >= 0x14 && c0 <= 0x17 && b.get(1) == 0x03) {
            return false;
        }
        int sample = Math.min(n, this.sample);
        long m0 = 0;
        long m1 = 0;
        long m2 = 0;
        long m3 = 0;
        for (int i = 0; i < sample; i++) {
            int v = b.get(i) & 0xff;
            long bit = 1L << (v & 63);
            switch (v >>> 6) {
                case 0 -> m0 |= bit;
                case 1 -> m1 |= bit;
                case 2 -> m2 |= bit;
                default -> m3 |= bit;
            }
        }
        int distinct = Long.bitCount(m0) + Long.bitCount(m1) + Long.bitCount(m2) + Long.bitCount(m3);
        return distinct >= minDistinctRatio * sample;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        out.put(MetadataKey.NOTE, "random-looking payload both ways on Filetopia port " + scratch.serverPort());
    }
}
