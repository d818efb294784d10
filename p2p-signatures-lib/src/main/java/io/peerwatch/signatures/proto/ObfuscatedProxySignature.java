package io.peerwatch.signatures.proto;

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
 * Obfuscated proxies whose streams are random from the first byte: Shadowsocks (AEAD: a
 * random salt, then encrypted length and payload chunks, shadowsocks.org "AEAD ciphers";
 * stream ciphers: a random IV), obfs4 and similar "look like nothing" transports. No header,
 * no framing to match, so this is behaviour evidence, lower confidence.
 *
 * <p>Rule (TCP): the flow was seen from its start ({@link FlowScratch#midStream()} false: the
 * middle of any encrypted stream, SSH or a TLS record cut by a segment boundary, looks random
 * too), its first payload comes from the client, is at least {@link SignatureConfig#obfuscatedMinPayload()}
 * bytes, is not a TLS record, and its first {@link SignatureConfig#obfuscatedSample()} bytes hold at least
 * {@link SignatureConfig#obfuscatedMinDistinctRatio()} of the distinct byte values random data of that length
 * would hold (text, TLV headers and padding fall far below). Only the server's first answer
 * decides, and it must look random too: more client data before it is waited through, and an
 * opening the server never answers (a BitTorrent MSE key sent to a dead peer, a scan) stays
 * undecided, because it shows no working proxy. Every protocol with readable first bytes is
 * recognised by a signature listed earlier, which wins. UDP is left out: QUIC short headers
 * and many media protocols are random-looking by design.
 *
 * <p>Interplay with {@code BITTORRENT_MSE} (listed earlier): MSE also opens with random bytes
 * (a 96-byte Diffie-Hellman key plus 0..512 random pad, answered by the same). The two
 * decide as follows.
 * <ul>
 *   <li>The client speaks a third time after a key-sized answer (MSE step 3): MSE matches and,
 *       being listed first, names the flow BitTorrent.</li>
 *   <li>The exchange leaves MSE's shape (an opening or answer over 608 bytes, or the client
 *       speaks again after an answer shorter than a key): MSE rules itself out and this
 *       signature names the flow.</li>
 *   <li>The flow ends after a random opening and a random, key-sized answer: both readings
 *       fit, so neither is reported; the engine leaves a behaviour match pending behind an
 *       undecided higher-priority signature unreported (see
 *       {@link io.peerwatch.signatures.SignatureEngine#result}), and the flow is unknown.
 *       In the nDPI capture {@code bittorrent_transmission.pcapng} these are the MSE
 *       handshakes cut by the end of the capture; nDPI leaves them unknown too.</li>
 * </ul>
 * A Shadowsocks flow whose first payloads happen to fit MSE's three-message shape is named
 * BitTorrent/MSE: both are behaviour verdicts and both alert.
 *
 * <p>Evidence: a {@link MetadataKey#NOTE} with the distinct-byte ratio of the first payload.
 */
final class ObfuscatedProxySignature implements Signature {

    static final ObfuscatedProxySignature INSTANCE = new ObfuscatedProxySignature(SignatureConfig.defaults());

    /** Leading bytes checked for printable text before the byte census (at most the minimum payload). */
    private static final int TEXT_PREFIX = SignatureConfig.OBFUSCATED_TEXT_PREFIX;
    private static final int STATE = 0;
    private static final int FIRST_RANDOM = 1;

    /** Shortest first payload judged. */
    final int minPayload;
    /** Shortest second payload judged. */
    private final int minFollowUp;
    /** Bytes of a payload examined for randomness. */
    private final int sample;
    /** Share of the distinct byte values of random data a payload must reach. */
    private final double minDistinctRatio;

    ObfuscatedProxySignature(SignatureConfig config) {
        this.minPayload = config.obfuscatedMinPayload();
        this.minFollowUp = config.obfuscatedMinFollowUp();
        this.sample = config.obfuscatedSample();
        this.minDistinctRatio = config.obfuscatedMinDistinctRatio();
    }

    @Override
    public SignatureId id() {
        return SignatureId.OBFUSCATED_PROXY;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.get(id(), STATE) == FIRST_RANDOM) {
            if (dir == Direction.CLIENT_TO_SERVER) {
                // Only the server's answer decides: an unanswered random opening (a BitTorrent
                // MSE key to a dead peer, a scan) is no evidence of a working proxy.
                return Verdict.NEED_MORE;
            }
            return looksRandom(p, minFollowUp) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        // Cheap structural tests first; the byte census only for the few candidates left.
        if (dir != Direction.CLIENT_TO_SERVER || s.payloadPackets() > 0 || s.midStream()
                || p.limit() < minPayload || TlsHello.isAnyRecord(p) || TlsHello.isSsl2ClientHello(p)
                || startsAsText(p) || !looksRandom(p, minPayload)) {
            return Verdict.NO_MATCH;
        }
        s.set(id(), STATE, FIRST_RANDOM);
        return Verdict.NEED_MORE;
    }

    /**
     * True when the first {@link #TEXT_PREFIX} bytes are printable ASCII: a text protocol's
     * opening (HTTP, SMTP, a P2P handshake). Random bytes start like that about once in
     * (256/95)^16, some 10^7, openings, so the byte census is skipped for them.
     */
    private static boolean startsAsText(ByteBuffer p) {
        for (int i = 0; i < TEXT_PREFIX; i++) {
            int c = p.get(i);
            if (c < ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    private boolean looksRandom(ByteBuffer p, int minLength) {
        return p.limit() >= minLength
                && ByteStats.looksRandom(p, 0, Math.min(p.limit(), sample), minDistinctRatio);
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        if (out.isEmpty()) {
            int n = Math.min(p.limit(), sample);
            out.put(MetadataKey.NOTE, "random-looking payloads from the first byte (" + ByteStats.distinct(p, 0, n)
                    + " distinct byte values in " + n + " bytes, random data: " + Math.round(ByteStats.expectedDistinct(n))
                    + ")");
        }
    }
}
