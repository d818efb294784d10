/**
 * Capture classification, the library side of {@code peerwatch classify}:
 * {@link io.peerwatch.classify.Classifier} runs files through reader, decoder, flow table and
 * signatures and yields a {@link io.peerwatch.classify.FlowResult} per flow plus a
 * {@link io.peerwatch.classify.ClassifySummary}.
 */
package io.peerwatch.classify;
