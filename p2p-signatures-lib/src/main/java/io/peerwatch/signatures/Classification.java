package io.peerwatch.signatures;

import java.util.List;
import java.util.Map;

/**
 * The engine's verdict for one flow.
 *
 * @param signature the signature that decided
 * @param protocol the protocol named
 * @param kind the evidence kind
 * @param confidence 0..1
 * @param packetsToVerdict payload packets of the flow inspected when the verdict was reached
 * @param metadata evidence extracted from the flow (hashes, names, searches, hosts)
 */
public record Classification(
        SignatureId signature,
        Protocol protocol,
        ConfidenceKind kind,
        double confidence,
        int packetsToVerdict,
        Map<MetadataKey, List<String>> metadata) {

    public Classification {
        if (signature == null || protocol == null || kind == null || metadata == null) {
            throw new IllegalArgumentException("classification fields must not be null");
        }
        metadata = Map.copyOf(metadata);
    }

    /** The first value of a metadata key, or the empty string. */
    public String first(MetadataKey key) {
        List<String> v = metadata.get(key);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }
}
