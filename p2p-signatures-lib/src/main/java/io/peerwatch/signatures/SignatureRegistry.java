package io.peerwatch.signatures;

import io.peerwatch.signatures.proto.BuiltinSignatures;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An immutable, ordered list of signatures: the order is the priority. When two signatures
 * match the same flow, the one listed first wins, and a match is final only once every
 * signature listed before it has said {@link Verdict#NO_MATCH}. P2P and tunnel signatures
 * come before the benign recognisers, so "HTTP" never hides a tracker announce.
 *
 * <pre>{@code
 * SignatureRegistry r = SignatureRegistry.builder()
 *         .addAll(SignatureRegistry.defaults())
 *         .without(SignatureId.FILETOPIA)
 *         .build();
 * }</pre>
 */
public final class SignatureRegistry {

    /** The engine keeps per-flow "done" flags in one {@code long}. */
    public static final int MAX_SIGNATURES = Long.SIZE;

    private final List<Signature> signatures;

    private SignatureRegistry(List<Signature> signatures) {
        this.signatures = List.copyOf(signatures);
    }

    /** Every built-in signature, in priority order ({@link BuiltinSignatures#all()}), with default thresholds. */
    public static SignatureRegistry defaults() {
        return Holder.DEFAULTS;
    }

    /**
     * Every built-in signature, in priority order, with the detection thresholds of
     * {@code config}; {@code builtin(SignatureConfig.defaults())} equals {@link #defaults()}.
     */
    public static SignatureRegistry builtin(SignatureConfig config) {
        if (config.equals(SignatureConfig.defaults())) {
            return defaults();
        }
        return builder().addAll(BuiltinSignatures.all(config)).build();
    }

    private static final class Holder {
        static final SignatureRegistry DEFAULTS = builder().addAll(BuiltinSignatures.all()).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The signatures in priority order. */
    public List<Signature> signatures() {
        return signatures;
    }

    /** Number of signatures. */
    public int size() {
        return signatures.size();
    }

    /** Builder; rejects duplicate ids and more than {@link #MAX_SIGNATURES} signatures. */
    public static final class Builder {
        private final List<Signature> list = new ArrayList<>();
        private final Set<SignatureId> removed = EnumSet.noneOf(SignatureId.class);

        private Builder() {
        }

        /** Appends one signature (lowest priority so far). */
        public Builder add(Signature s) {
            list.add(s);
            return this;
        }

        /** Appends signatures in order. */
        public Builder addAll(List<Signature> signatures) {
            list.addAll(signatures);
            return this;
        }

        /** Appends another registry's signatures in order. */
        public Builder addAll(SignatureRegistry other) {
            return addAll(other.signatures);
        }

        /** Leaves out a signature. */
        public Builder without(SignatureId id) {
            removed.add(id);
            return this;
        }

        /** @throws IllegalArgumentException on duplicates or too many signatures */
        public SignatureRegistry build() {
            List<Signature> out = new ArrayList<>();
            Set<SignatureId> seen = EnumSet.noneOf(SignatureId.class);
            for (Signature s : list) {
                if (removed.contains(s.id())) {
                    continue;
                }
                if (!seen.add(s.id())) {
                    throw new IllegalArgumentException("signature listed twice: " + s.id());
                }
                out.add(s);
            }
            if (out.size() > MAX_SIGNATURES) {
                throw new IllegalArgumentException("at most " + MAX_SIGNATURES + " signatures, got " + out.size());
            }
            return new SignatureRegistry(out);
        }
    }
}
