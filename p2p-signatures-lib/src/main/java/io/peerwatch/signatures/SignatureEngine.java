package io.peerwatch.signatures;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * Runs a {@link SignatureRegistry} over the packets of one flow at a time: the per-flow state
 * machine between packet sources (pcap files, live capture, Flink) and the signatures.
 *
 * <p>Per packet, every signature that is still undecided for the flow, whose
 * {@link Selection} accepts the packet and that is listed before the flow's best match so far
 * is asked, in priority order. A signature's {@code MATCH} becomes the flow's
 * verdict once all higher-priority signatures have said {@code NO_MATCH}, or when the packet
 * budget ({@link DetectionConfig#maxPacketsPerFlow()}) runs out. After a verdict the deciding
 * signature's {@link Signature#describe} sees up to {@link DetectionConfig#maxMetadataPackets()}
 * more packets, fewer when it calls {@link FlowScratch#endMetadata()}. No allocation happens
 * per packet until a signature matches.
 *
 * <pre>{@code
 * SignatureEngine engine = new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults());
 * FlowScratch s = new FlowScratch();
 * engine.begin(s, IpProtocol.TCP, 51413, 6881);
 * boolean wantsMore = engine.inspect(s, payload, Direction.CLIENT_TO_SERVER);
 * Optional<Classification> c = engine.result(s);
 * }</pre>
 *
 * <p>The engine itself is immutable and thread-safe; a {@link FlowScratch} is not.
 */
public final class SignatureEngine {

    private static final int IP_PROTOCOLS = 256;

    private final Signature[] signatures;
    private final DetectionConfig config;
    /** Per IP protocol: the signatures that never see it, which count as ruled out from the start. */
    private final long[] inapplicable = new long[IP_PROTOCOLS];
    /** One bit per signature of the registry. */
    private final long all;
    /** Signatures that skip packets without payload. */
    private final long needsPayload;
    /** The registry's signatures by {@link SignatureId} ordinal (null: not in the registry). */
    private final Signature[] bySignatureId = new Signature[SignatureId.values().length];

    public SignatureEngine(SignatureRegistry registry, DetectionConfig config) {
        List<Signature> list = registry.signatures();
        this.signatures = list.toArray(new Signature[0]);
        this.config = config;
        for (int p = 0; p < IP_PROTOCOLS; p++) {
            for (int i = 0; i < signatures.length; i++) {
                if (!signatures[i].selection().accepts(p, 1)) {
                    inapplicable[p] |= 1L << i;
                }
            }
        }
        this.all = lowBits(signatures.length);
        for (Signature sig : signatures) {
            bySignatureId[sig.id().ordinal()] = sig;
        }
        long payload = 0;
        for (int i = 0; i < signatures.length; i++) {
            if (signatures[i].selection().payloadRequired()) {
                payload |= 1L << i;
            }
        }
        this.needsPayload = payload;
    }

    /** Bits 0..n-1 set (n <= 64, the registry limit). */
    private static long lowBits(int n) {
        return n == 0 ? 0 : (-1L >>> (Long.SIZE - n));
    }

    /** The configuration in use. */
    public DetectionConfig config() {
        return config;
    }

    /** Prepares {@code s} for a new flow (clears any previous flow's state). */
    public void begin(FlowScratch s, int ipProtocol, int clientPort, int serverPort) {
        s.reset(ipProtocol, clientPort, serverPort);
        // A signature that never sees this transport has ruled itself out, so it must not hold
        // back the verdict of a lower-priority signature until the packet budget ends.
        s.done = inapplicable[ipProtocol & (IP_PROTOCOLS - 1)];
    }

    /**
     * Feeds one packet of the flow.
     *
     * @param payload transport payload from index 0 to {@code limit()}; position and limit are
     *     restored after each signature, so a misbehaving signature cannot confuse the next
     * @return true while the flow still wants packets (undecided, or collecting metadata)
     */
    public boolean inspect(FlowScratch s, ByteBuffer payload, Direction dir) {
        int length = payload.limit();
        if (s.state == FlowScratch.DECIDED) {
            if (s.metadataPacketsLeft > 0 && length > 0) {
                s.metadataPacketsLeft--;
                signatures[s.decided].describe(payload, dir, s, s.candidateMetadata);
                payload.position(0).limit(length);
                if (s.metadataComplete) {
                    s.metadataPacketsLeft = 0;
                }
                if (s.metadataPacketsLeft == 0) {
                    s.releaseAttachment();
                }
            }
            s.count(dir, length);
            return s.metadataPacketsLeft > 0;
        }
        if (s.state == FlowScratch.GAVE_UP) {
            return false;
        }
        // Undecided signatures in priority order; once a signature matched, only those listed
        // before it can still change the verdict, so the others are not asked any more.
        long ask = ~s.done & all;
        if (length == 0) {
            ask &= ~needsPayload;
        }
        if (s.candidate >= 0) {
            ask &= lowBits(s.candidate);
        }
        while (ask != 0) {
            int i = Long.numberOfTrailingZeros(ask);
            ask &= ask - 1;
            Signature sig = signatures[i];
            Verdict v = sig.inspect(payload, dir, s);
            payload.position(0).limit(length);
            if (v == Verdict.NEED_MORE) {
                continue;
            }
            s.done |= 1L << i;
            if (v == Verdict.MATCH) {
                s.releaseAttachment();
                s.candidate = i;
                s.candidateMetadata = new Metadata(config);
                s.metadataComplete = false;
                sig.describe(payload, dir, s, s.candidateMetadata);
                payload.position(0).limit(length);
                break;
            }
        }
        s.count(dir, length);
        if (s.candidate >= 0 && allBeforeDone(s, s.candidate)) {
            decide(s);
        } else if (s.candidate < 0 && allBeforeDone(s, signatures.length)) {
            s.state = FlowScratch.GAVE_UP; // every signature said no: nothing left to ask
            s.packetsToVerdict = s.payloadPackets();
        } else if (s.payloadPackets() >= config.maxPacketsPerFlow()) {
            if (s.candidate >= 0) {
                decide(s);
            } else {
                s.state = FlowScratch.GAVE_UP;
                s.packetsToVerdict = s.payloadPackets();
            }
        }
        return s.state == FlowScratch.UNDECIDED || (s.state == FlowScratch.DECIDED && s.metadataPacketsLeft > 0);
    }

    private static boolean allBeforeDone(FlowScratch s, int index) {
        long mask = lowBits(index);
        return (s.done & mask) == mask;
    }

    private void decide(FlowScratch s) {
        s.state = FlowScratch.DECIDED;
        s.decided = s.candidate;
        s.packetsToVerdict = s.payloadPackets();
        s.metadataPacketsLeft = s.metadataComplete ? 0 : config.maxMetadataPackets();
        if (s.metadataPacketsLeft == 0) {
            s.releaseAttachment();
        }
    }

    /**
     * The verdict of an ended flow after its deciding signature's review of the whole flow
     * ({@link Signature#atFlowEnd}).
     */
    public Classification atFlowEnd(Classification verdict, long clientPayloadBytes, long serverPayloadBytes) {
        Signature s = bySignatureId[verdict.signature().ordinal()];
        return s == null ? verdict : s.atFlowEnd(verdict, clientPayloadBytes, serverPayloadBytes);
    }

    /** True once the flow has a verdict or was given up. */
    public boolean isFinal(FlowScratch s) {
        return s.state != FlowScratch.UNDECIDED;
    }

    /**
     * The flow's classification so far: the decided verdict, else the best pending match
     * (a flow that ended before higher-priority signatures could rule themselves out), else
     * empty (unknown). Allocates; call it once per flow, at the end.
     *
     * <p>A pending match resting on {@link ConfidenceKind#BEHAVIOUR} evidence does not stand
     * while a higher-priority signature was still undecided when the flow ended: behaviour
     * rules (random-looking bytes, sizes) fit several protocols, and the more specific
     * signature that was still collecting evidence might have claimed the flow. Example: a
     * client's random opening answered by random bytes is both the first two messages of a
     * BitTorrent MSE handshake and a working obfuscated proxy; cut before MSE's third message
     * it is reported as unknown, not as either. A pending payload-evidence match (HTTP while a
     * P2P signature waits for the response) still stands.
     */
    public Optional<Classification> result(FlowScratch s) {
        int index = s.state == FlowScratch.DECIDED ? s.decided : s.candidate;
        if (index < 0) {
            return Optional.empty();
        }
        if (s.state != FlowScratch.DECIDED && signatures[index].id().kind() == ConfidenceKind.BEHAVIOUR
                && !allBeforeDone(s, index)) {
            return Optional.empty();
        }
        SignatureId id = signatures[index].id();
        int packets = s.state == FlowScratch.DECIDED ? s.packetsToVerdict : s.payloadPackets();
        return Optional.of(new Classification(id, id.protocol(), id.kind(), id.kind().defaultConfidence(),
                packets, s.candidateMetadata == null ? java.util.Map.of() : s.candidateMetadata.snapshot()));
    }
}
