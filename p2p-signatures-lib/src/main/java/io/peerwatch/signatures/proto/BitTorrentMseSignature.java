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
 * BitTorrent Message Stream Encryption / Protocol Encryption, recognised by behaviour (nothing in
 * it is plaintext). The handshake (<a href="http://wiki.vuze.com/w/Message_Stream_Encryption">Vuze
 * wiki, Message Stream Encryption</a>; libtorrent's "pe" documentation) is:
 * <ol>
 *   <li>A to B: {@code Ya, PadA}: a 768-bit Diffie-Hellman public key (96 bytes) and 0..512
 *       random bytes, so 96..608 random-looking bytes;</li>
 *   <li>B to A: {@code Yb, PadB}, likewise 96..608 bytes;</li>
 *   <li>A to B: {@code HASH('req1', S), HASH('req2', SKEY) xor HASH('req3', S), ENCRYPT(VC,
 *       crypto_provide, len(PadC), PadC, len(IA)), ENCRYPT(IA)}: hashes and RC4 output.</li>
 * </ol>
 * The signature requires exactly this shape on TCP: the connecting side speaks first with
 * 96..608 bytes, the answer totals 96..608 bytes, and the connecting side then speaks again;
 * the first bytes of each message must look random (distinct byte values among the first 96,
 * compared with what uniform bytes give, see {@link SignatureConfig#mseRandomnessSigmas()}) and must not be a TLS
 * record. Identical retransmissions of the first message are ignored. Random first payloads of
 * other sizes or direction patterns (shadowsocks, obfuscated proxies) are left to the tunnel
 * signatures. Evidence kind: behaviour.
 *
 * <p>Interplay with {@code OBFUSCATED_PROXY} (listed later), which also claims a random opening
 * answered by random bytes: the third message is what makes the exchange MSE. A handshake cut
 * after the answer (the flow or the capture ended; a peer dropped the connection) stays
 * undecided here, and the engine does not let the proxy's pending behaviour match stand in
 * front of it, so the flow is reported as unknown rather than as a proxy or as BitTorrent
 * (see {@code ObfuscatedProxySignature} for the full rule). An opening answered by anything
 * but random bytes (an HTTP {@code 400} from a web server on a peer port, as in
 * {@code bittorrent_transmission.pcapng}) is not MSE.
 */
final class BitTorrentMseSignature implements Signature {

    static final BitTorrentMseSignature INSTANCE = new BitTorrentMseSignature(SignatureConfig.defaults());

    private static final int KEY_LENGTH = 96;
    private static final int MAX_PAD = 512;
    private static final int MAX_KEY_MESSAGE = KEY_LENGTH + MAX_PAD;
    private static final int BYTE_VALUES = 256;

    private static final SignatureId ID = SignatureId.BITTORRENT_MSE;
    /** Scratch: stage; first four bytes and length of the first message (to spot retransmissions). */
    private static final int W_STAGE = 0;
    private static final int W_HEAD = 1;
    private static final int W_LENGTH = 2;
    private static final int KEY_SENT = 1;
    private static final int KEY_ANSWERED = 2;

    /**
     * Least distinct byte values among the first n bytes of a random sample, n = 0..96: the
     * expected count for uniform bytes less {@link SignatureConfig#mseRandomnessSigmas()}
     * standard deviations.
     */
    private final int[] minDistinct = new int[KEY_LENGTH + 1];
    /** Shortest answer (bytes) whose randomness is judged; a shorter first answer is rejected. */
    private final int minSample;

    BitTorrentMseSignature(SignatureConfig config) {
        this.minSample = config.mseMinSample();
        for (int n = 0; n <= KEY_LENGTH; n++) {
            double miss = Math.pow(1 - 1.0 / BYTE_VALUES, n);
            double mean = BYTE_VALUES * (1 - miss);
            double variance = BYTE_VALUES * (BYTE_VALUES - 1) * Math.pow(1 - 2.0 / BYTE_VALUES, n)
                    + BYTE_VALUES * miss - BYTE_VALUES * BYTE_VALUES * miss * miss;
            minDistinct[n] = (int) Math.floor(mean - config.mseRandomnessSigmas() * Math.sqrt(Math.max(0, variance)));
        }
    }

    @Override
    public SignatureId id() {
        return ID;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch s) {
        int len = payload.limit();
        boolean client = dir == Direction.CLIENT_TO_SERVER;
        switch (s.get(ID, W_STAGE)) {
            case 0:
                if (!client || len < KEY_LENGTH || len > MAX_KEY_MESSAGE || !looksRandom(payload)) {
                    return Verdict.NO_MATCH;
                }
                s.set(ID, W_STAGE, KEY_SENT);
                s.set(ID, W_HEAD, (int) Bytes.u32be(payload, 0));
                s.set(ID, W_LENGTH, len);
                return Verdict.NEED_MORE;
            case KEY_SENT:
                if (client) {
                    return isRetransmission(payload, s) || s.payloadBytes(dir) + len <= MAX_KEY_MESSAGE
                            ? Verdict.NEED_MORE : Verdict.NO_MATCH;
                }
                if (len < minSample || len > MAX_KEY_MESSAGE || !looksRandom(payload)) {
                    return Verdict.NO_MATCH;
                }
                s.set(ID, W_STAGE, KEY_ANSWERED);
                return Verdict.NEED_MORE;
            default:
                if (!client) {
                    return s.payloadBytes(dir) + len <= MAX_KEY_MESSAGE ? Verdict.NEED_MORE : Verdict.NO_MATCH;
                }
                if (isRetransmission(payload, s)) {
                    return Verdict.NEED_MORE;
                }
                boolean keyComplete = s.payloadBytes(Direction.SERVER_TO_CLIENT) >= KEY_LENGTH;
                return keyComplete && (len < minSample || looksRandom(payload)) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
    }

    private static boolean isRetransmission(ByteBuffer b, FlowScratch s) {
        return b.limit() == s.get(ID, W_LENGTH) && (int) Bytes.u32be(b, 0) == s.get(ID, W_HEAD);
    }

    /** Not a TLS record or SSLv2 hello, and as many distinct byte values as random bytes give. */
    private boolean looksRandom(ByteBuffer b) {
        int b0 = b.get(0) & 0xff;
        int b1 = b.get(1) & 0xff;
        if (b0 >= 0x14 && b0 <= 0x17 && b1 == 0x03 || (b0 & 0x80) != 0 && b.get(2) == 1 && (b.get(3) & 0xff) <= 3) {
            return false;
        }
        int n = Math.min(b.limit(), KEY_LENGTH);
        long w0 = 0;
        long w1 = 0;
        long w2 = 0;
        long w3 = 0;
        for (int i = 0; i < n; i++) {
            int v = b.get(i) & 0xff;
            long bit = 1L << (v & 63);
            switch (v >>> 6) {
                case 0 -> w0 |= bit;
                case 1 -> w1 |= bit;
                case 2 -> w2 |= bit;
                default -> w3 |= bit;
            }
        }
        return Long.bitCount(w0) + Long.bitCount(w1) + Long.bitCount(w2) + Long.bitCount(w3) >= minDistinct[n];
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch s, Metadata out) {
        s.endMetadata(); // everything it reports is in the packet it matched on
        if (dir == Direction.CLIENT_TO_SERVER && s.get(ID, W_STAGE) == KEY_ANSWERED) {
            s.set(ID, W_STAGE, KEY_ANSWERED + 1);
            out.put(MetadataKey.NOTE, "encrypted handshake: " + s.get(ID, W_LENGTH) + " random bytes from the client, "
                    + s.payloadBytes(Direction.SERVER_TO_CLIENT) + " random bytes answered (MSE key exchange sizes)");
        }
    }
}
