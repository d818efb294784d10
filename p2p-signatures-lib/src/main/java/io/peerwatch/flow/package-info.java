/**
 * Bidirectional flow tracking, once for every packet path of PeerWatch.
 *
 * <ul>
 *   <li>{@link io.peerwatch.flow.FlowTracker}: the per-flow logic (orientation by
 *       {@link io.peerwatch.flow.Orientation}, per-direction counters, the signature engine
 *       driven with the flow's scratch, mid-stream marking, idle and active timeouts, ending
 *       into an immutable {@link io.peerwatch.flow.Flow}) over any
 *       {@link io.peerwatch.packet.IpPacket}: a decoded frame or a sensor's packet event.</li>
 *   <li>{@link io.peerwatch.flow.FlowState}: one flow's mutable state, with a binary form
 *       ({@code writeTo}/{@code readFrom}) for checkpoints, so the streaming job keeps it as
 *       Flink keyed state.</li>
 *   <li>{@link io.peerwatch.flow.CanonicalFlowKey}: which flow a packet belongs to, the same
 *       for both directions (ICMP echo flows by identifier); the job's key and the packet
 *       sensor's Kafka key.</li>
 *   <li>{@link io.peerwatch.flow.FlowTable}: many flows at once in one thread, allocation-free
 *       per packet (open-addressing index, LRU and age lists, eviction at a bound), as
 *       {@code classify} and the packet sensor use it; it hands each ended flow to a
 *       {@link io.peerwatch.flow.FlowListener}.</li>
 * </ul>
 *
 * An ended {@link io.peerwatch.flow.Flow} carries its oriented {@link io.peerwatch.flow.FlowKey},
 * counters, {@link io.peerwatch.flow.EndReason} and verdict, and converts to NetFlow-like
 * {@link io.peerwatch.core.FlowRecord}s.
 */
package io.peerwatch.flow;
