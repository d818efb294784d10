/**
 * Payload signatures and the engine that runs them, after nDPI's dissectors: a
 * {@link io.peerwatch.signatures.Signature} inspects one packet's payload and answers
 * {@link io.peerwatch.signatures.Verdict} MATCH, NO_MATCH or NEED_MORE, keeping cross-packet
 * state only in the caller-owned {@link io.peerwatch.signatures.FlowScratch};
 * {@link io.peerwatch.signatures.SignatureRegistry} lists them in priority order;
 * {@link io.peerwatch.signatures.SignatureEngine} drives a flow's packets through them within the
 * bounds of {@link io.peerwatch.signatures.DetectionConfig} and gives the flow's
 * {@link io.peerwatch.signatures.Classification} (protocol, confidence, metadata). One class per
 * protocol lives in {@code signatures.proto}; BitTorrent, for example, in the
 * {@code BitTorrent*Signature} classes there.
 */
package io.peerwatch.signatures;
