/**
 * Detectors over flows: payload-free judges of flow records per host and window
 * ({@link io.peerwatch.detect.PortActivityDetector} for the paper's P2P port table,
 * {@link io.peerwatch.detect.P2pBehaviourDetector} for P2P by behaviour,
 * {@link io.peerwatch.detect.InternalScanDetector} for internal sweeps), all behind one
 * windowing contract ({@link io.peerwatch.detect.FlowWindowDetector}: hosts of a record, a window
 * accumulator, a verdict when the window closes) so the job runs every one of them with one
 * operator; and {@link io.peerwatch.detect.ClassifiedFlowAlerts}, which turns flows the payload
 * signatures classified into alerts. Proxy-log detectors are in {@code detect.proxy}.
 *
 * <p>To add a flow detector: a config record with documented defaults, a class implementing
 * {@code FlowWindowDetector}, an entry in the job's {@code FlowWindows.Kind}, and its tests on
 * the lab NetFlow exports ({@code docs/ARCHITECTURE.md}, "Where to add a detector").
 */
package io.peerwatch.detect;
