package io.peerwatch.signatures;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.InvalidObjectException;

/**
 * Fixed-size per-flow state: a few words per signature (like nDPI's {@code flow->edonkey_stage})
 * plus the read-only flow context signatures may consult. One instance per live flow, owned by
 * the caller (flow table or Flink state) and reused through {@link SignatureEngine#begin}.
 *
 * <p>Signatures use {@link #get}/{@link #set} with their own {@link SignatureId}; the words of
 * other signatures are not theirs to touch. All words start at 0.
 *
 * <p>{@link #writeTo} and {@link #readFrom} carry a scratch across a checkpoint (Flink keyed
 * state): words, flow context, engine state and the metadata collected so far. The
 * describe-time {@link #attachment()} is not part of it (see there for what that loses).
 */
public final class FlowScratch {

    /** Words (ints) reserved per signature. */
    public static final int WORDS_PER_SIGNATURE = 4;

    static final int UNDECIDED = 0;
    static final int DECIDED = 1;
    static final int GAVE_UP = 2;

    /**
     * Per signature, its words; each made at that signature's first {@link #set} (a flow is
     * usually decided after two or three signatures kept state), the table at the first set of any.
     */
    private int[][] words;
    /** Signatures that may have non-zero words (bit = ordinal), so a reset clears only those. */
    private long written;

    // Flow context.
    private int ipProtocol;
    private int clientPort;
    private int serverPort;
    private int icmpType;
    private int icmpCode;
    private boolean midStream;
    private final int[] payloadPackets = new int[2];
    private final long[] payloadBytes = new long[2];

    // Engine state (package-private: only SignatureEngine drives it).
    int state;
    long done;
    int candidate;
    Metadata candidateMetadata;
    int decided;
    int packetsToVerdict;
    int metadataPacketsLeft;
    /** Set by the deciding signature's describe: later packets cannot add evidence. */
    boolean metadataComplete;
    // transient: a describe-time helper (an Inflater), never part of checkpointed flow state
    private transient AutoCloseable attachment;

    /** A blank scratch; {@link SignatureEngine#begin} prepares it for a flow. */
    public FlowScratch() {
        reset(0, 0, 0);
    }

    void reset(int protocol, int client, int server) {
        releaseAttachment();
        clearWords();
        ipProtocol = protocol;
        clientPort = client;
        serverPort = server;
        icmpType = 0;
        icmpCode = 0;
        midStream = false;
        payloadPackets[0] = payloadPackets[1] = 0;
        payloadBytes[0] = payloadBytes[1] = 0;
        state = UNDECIDED;
        done = 0;
        candidate = -1;
        candidateMetadata = null;
        decided = -1;
        packetsToVerdict = 0;
        metadataPacketsLeft = 0;
        metadataComplete = false;
    }

    private void clearWords() {
        if (words == null || written == 0) {
            return;
        }
        if (SignatureId.COUNT > Long.SIZE) {
            for (int[] w : words) {
                if (w != null) {
                    java.util.Arrays.fill(w, 0);
                }
            }
        } else {
            for (long w = written; w != 0; w &= w - 1) {
                java.util.Arrays.fill(words[Long.numberOfTrailingZeros(w)], 0);
            }
        }
        written = 0;
    }

    /** Reads word {@code index} (0..{@value #WORDS_PER_SIGNATURE}-1) of signature {@code id}. */
    public int get(SignatureId id, int index) {
        checkIndex(index);
        int[][] all = words;
        int[] w = all == null ? null : all[id.ordinal()];
        return w == null ? 0 : w[index];
    }

    /** Writes word {@code index} of signature {@code id}. */
    public void set(SignatureId id, int index, int value) {
        checkIndex(index);
        if (words == null) {
            words = new int[SignatureId.COUNT][];
        }
        int[] w = words[id.ordinal()];
        if (w == null) {
            w = new int[WORDS_PER_SIGNATURE];
            words[id.ordinal()] = w;
        }
        w[index] = value;
        written |= 1L << id.ordinal(); // with more than 64 ids the bits alias, and clearWords clears all
    }

    private static void checkIndex(int index) {
        if (index < 0 || index >= WORDS_PER_SIGNATURE) {
            throw new IndexOutOfBoundsException("scratch word " + index + " of " + WORDS_PER_SIGNATURE);
        }
    }

    /** IANA protocol number of the flow (6 TCP, 17 UDP, 1 ICMP, 58 ICMPv6). */
    public int ipProtocol() {
        return ipProtocol;
    }

    /** The initiator's port (0 for ICMP). */
    public int clientPort() {
        return clientPort;
    }

    /** The responder's port (0 for ICMP). */
    public int serverPort() {
        return serverPort;
    }

    /** ICMP type of the current packet (ICMP flows only). */
    public int icmpType() {
        return icmpType;
    }

    /** ICMP code of the current packet (ICMP flows only). */
    public int icmpCode() {
        return icmpCode;
    }

    /** Sets the ICMP type and code of the packet about to be inspected (packet sources call this). */
    public void setIcmp(int type, int code) {
        icmpType = type;
        icmpCode = code;
    }

    /**
     * True when the capture of this flow began after its start (a TCP flow whose handshake
     * was not seen, e.g. a flow cut by a timeout and restarted): its first payload is then not
     * the first byte of the stream. False unless the packet source says so.
     */
    public boolean midStream() {
        return midStream;
    }

    /** Marks the flow as captured from its middle; packet sources call this after {@code begin}. */
    public void setMidStream(boolean value) {
        midStream = value;
    }

    /** Payload-carrying packets seen in {@code dir} before the current one. */
    public int payloadPackets(Direction dir) {
        return payloadPackets[dir.ordinal()];
    }

    /** Payload-carrying packets seen in both directions before the current one. */
    public int payloadPackets() {
        return payloadPackets[0] + payloadPackets[1];
    }

    /** Payload bytes seen in {@code dir} before the current packet. */
    public long payloadBytes(Direction dir) {
        return payloadBytes[dir.ordinal()];
    }

    /**
     * Called by a signature's {@link Signature#describe} when later packets of the flow cannot
     * add evidence (everything it reports sits in the handshake it matched on): the engine then
     * ends the flow's metadata window at once, so the packet source stops copying the flow's
     * payloads and can recycle this scratch. Without the call, describe sees up to
     * {@link DetectionConfig#maxMetadataPackets()} more packets.
     */
    public void endMetadata() {
        metadataComplete = true;
    }

    /**
     * Per-flow object the matching signature's {@link Signature#describe} keeps between packets
     * (for example a stream {@link java.util.zip.Inflater}), or null. Only describe-time code may
     * use it, never {@link Signature#inspect}. The engine closes it when the flow's metadata
     * window ends, when another signature becomes the flow's candidate, and on {@code begin};
     * it is not part of any serialized flow state ({@link #writeTo}), so describe must cope with
     * it being absent. What a restored scratch loses: the Gnutella descriptor-stream reader (its
     * inflaters and reassembly buffer), so a Gnutella flow restored inside its metadata window
     * reports no further searches or file names from its compressed stream; the verdict and
     * everything collected before are kept. (A state backend that deserializes the state on
     * every access, such as Flink's RocksDB backend, loses it after every packet.)
     */
    public AutoCloseable attachment() {
        return attachment;
    }

    /** Replaces the describe-time attachment, closing the previous one. */
    public void attach(AutoCloseable value) {
        if (value != attachment) {
            releaseAttachment();
        }
        attachment = value;
    }

    void releaseAttachment() {
        AutoCloseable a = attachment;
        attachment = null;
        if (a != null) {
            try {
                a.close();
            } catch (Exception e) {
                // Closing only frees buffers; nothing to report.
            }
        }
    }

    /** Version of the {@link #writeTo} format. */
    private static final int FORMAT = 1;
    private static final int NO_METADATA = 0;
    private static final int HAS_METADATA = 1;

    /**
     * Writes this scratch in a compact binary form, format version first: the flow context, every
     * signature's non-zero words (by {@link SignatureId} name) and the engine's state with the
     * metadata collected so far. The engine's state names signatures by their position in the
     * engine's registry, so a scratch must be read back for an engine over the same registry
     * (the same library version with the same signatures). The {@link #attachment()} is not
     * written.
     */
    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT);
        out.writeByte(ipProtocol);
        out.writeShort(clientPort);
        out.writeShort(serverPort);
        out.writeByte(icmpType);
        out.writeByte(icmpCode);
        out.writeBoolean(midStream);
        out.writeInt(payloadPackets[0]);
        out.writeInt(payloadPackets[1]);
        out.writeLong(payloadBytes[0]);
        out.writeLong(payloadBytes[1]);
        writeWords(out);
        out.writeByte(state);
        out.writeLong(done);
        out.writeInt(candidate);
        out.writeInt(decided);
        out.writeInt(packetsToVerdict);
        out.writeInt(metadataPacketsLeft);
        out.writeBoolean(metadataComplete);
        if (candidateMetadata == null) {
            out.writeByte(NO_METADATA);
        } else {
            out.writeByte(HAS_METADATA);
            candidateMetadata.writeTo(out);
        }
    }

    private void writeWords(DataOutput out) throws IOException {
        int n = 0;
        SignatureId[] ids = SignatureId.values();
        for (SignatureId id : ids) {
            n += hasWords(id) ? 1 : 0;
        }
        out.writeShort(n);
        for (SignatureId id : ids) {
            if (hasWords(id)) {
                StateFormat.writeString(out, id.name());
                for (int i = 0; i < WORDS_PER_SIGNATURE; i++) {
                    out.writeInt(words[id.ordinal()][i]);
                }
            }
        }
    }

    private boolean hasWords(SignatureId id) {
        int[] w = words == null ? null : words[id.ordinal()];
        if (w == null) {
            return false;
        }
        for (int v : w) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads what {@link #writeTo} wrote into a new scratch (with no attachment).
     *
     * @throws IOException on an unknown format version, an unknown signature or corrupt input
     */
    public static FlowScratch readFrom(DataInput in) throws IOException {
        StateFormat.version(in, "flow scratch", FORMAT);
        FlowScratch s = new FlowScratch();
        s.ipProtocol = in.readUnsignedByte();
        s.clientPort = in.readUnsignedShort();
        s.serverPort = in.readUnsignedShort();
        s.icmpType = in.readUnsignedByte();
        s.icmpCode = in.readUnsignedByte();
        s.midStream = in.readBoolean();
        s.payloadPackets[0] = in.readInt();
        s.payloadPackets[1] = in.readInt();
        s.payloadBytes[0] = in.readLong();
        s.payloadBytes[1] = in.readLong();
        int n = StateFormat.count(in.readUnsignedShort(), SignatureId.COUNT, "signatures with words");
        for (int k = 0; k < n; k++) {
            SignatureId id = StateFormat.readEnum(in, SignatureId.class);
            for (int i = 0; i < WORDS_PER_SIGNATURE; i++) {
                int v = in.readInt();
                if (v != 0) {
                    s.set(id, i, v);
                }
            }
        }
        s.state = in.readUnsignedByte();
        if (s.state != UNDECIDED && s.state != DECIDED && s.state != GAVE_UP) {
            throw new InvalidObjectException("unknown engine state " + s.state);
        }
        s.done = in.readLong();
        s.candidate = signatureIndex(in.readInt());
        s.decided = signatureIndex(in.readInt());
        s.packetsToVerdict = in.readInt();
        s.metadataPacketsLeft = in.readInt();
        s.metadataComplete = in.readBoolean();
        int metadata = in.readUnsignedByte();
        if (metadata == HAS_METADATA) {
            s.candidateMetadata = Metadata.readFrom(in);
        } else if (metadata != NO_METADATA) {
            throw new InvalidObjectException("bad metadata marker " + metadata);
        }
        return s;
    }

    /** A registry position or -1 (none); a registry holds at most {@link SignatureRegistry#MAX_SIGNATURES}. */
    private static int signatureIndex(int i) throws InvalidObjectException {
        if (i < -1 || i >= SignatureRegistry.MAX_SIGNATURES) {
            throw new InvalidObjectException("signature position out of -1.." + (SignatureRegistry.MAX_SIGNATURES - 1)
                    + ": " + i);
        }
        return i;
    }

    void count(Direction dir, int payloadLength) {
        if (payloadLength > 0) {
            payloadPackets[dir.ordinal()]++;
            payloadBytes[dir.ordinal()] += payloadLength;
        }
    }
}
