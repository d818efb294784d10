package io.peerwatch.job.operators;

import io.peerwatch.detect.DnsTunnelDetector;
import io.peerwatch.detect.EchoObservation;
import io.peerwatch.detect.IcmpTunnelDetector;
import io.peerwatch.detect.KeyedWindowDetector;
import io.peerwatch.detect.P2pCorroborationDetector;
import io.peerwatch.dns.DnsObservation;
import io.peerwatch.flow.Flow;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.packet.PacketEvent;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Per-key event-time windows for the library's {@link KeyedWindowDetector}s over observations
 * other than flow records: DNS messages per (host, registered domain), ICMP echoes per host pair,
 * ended packet flows per host. {@link #detect} keys a stream by the detector's key, windows it by
 * the detector's window, folds it with {@link Aggregate} and asks for the verdict with
 * {@link Emit} ({@link #detectKeyed} for observations paired with their keys, as
 * {@link CorroborationFlows} pairs a connection with both its ends); {@link DnsObservations} and
 * {@link EchoObservations} make the observations from
 * packet events with the library's extractors. No detection logic here.
 */
public final class HostWindows {

    private HostWindows() {
    }

    /** The keyed-window detectors of the job. */
    public enum Kind {
        /** DNS_TUNNEL per host and registered domain ({@link DnsTunnelDetector}). */
        DNS_TUNNEL(LibraryTypes.DNS_TUNNEL_WINDOW),
        /** ICMP_TUNNEL per host pair ({@link IcmpTunnelDetector}). */
        ICMP_TUNNEL(LibraryTypes.ICMP_TUNNEL_WINDOW),
        /** Encrypted P2P with corroboration per host ({@link P2pCorroborationDetector}). */
        P2P_CORROBORATION(LibraryTypes.P2P_CORROBORATION_WINDOW);

        private final TypeInformation<?> accumulator;

        Kind(TypeInformation<?> accumulator) {
            this.accumulator = accumulator;
        }

        /** Flink type of the accumulator. */
        @SuppressWarnings("unchecked")
        public TypeInformation<Object> accumulatorType() {
            return (TypeInformation<Object>) accumulator;
        }

        /** Operator name and uid stem. */
        public String operatorName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** The detector of one kind, built on the task manager from the serializable config. */
    private static final class DetectorRef implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final Kind kind;
        private final JobConfig config;
        private transient KeyedWindowDetector<Object, Object> detector;

        DetectorRef(Kind kind, JobConfig config) {
            this.kind = kind;
            this.config = config;
        }

        KeyedWindowDetector<Object, Object> get() {
            if (detector == null) {
                detector = config.hostDetector(kind);
            }
            return detector;
        }
    }

    /**
     * Keys {@code in} (observations with event time and watermarks) by the detector's key and
     * runs the detector's tumbling windows over it.
     */
    @SuppressWarnings("unchecked")
    public static <I> DataStream<Alert> detect(DataStream<I> in, Kind kind, JobConfig config) {
        String name = kind.operatorName();
        return in.keyBy(new Key<>(kind, config), Types.STRING)
                .window(TumblingEventTimeWindows.of(config.hostDetector(kind).window()))
                .aggregate((AggregateFunction<I, Object, Object>) (AggregateFunction<?, Object, Object>) new Aggregate(kind, config),
                        new Emit(kind, config), kind.accumulatorType(), kind.accumulatorType(), LibraryTypes.ALERT)
                .name(name).uid(name);
    }

    /**
     * Runs the detector's tumbling windows over observations already paired with their keys
     * ({@link CorroborationFlows}: an observation judged from more than one key's window, once per
     * key); each is added with {@link KeyedWindowDetector#observe(Object, String, Object)}.
     */
    @SuppressWarnings("unchecked")
    public static <I> DataStream<Alert> detectKeyed(DataStream<Tuple2<String, I>> in, Kind kind, JobConfig config) {
        String name = kind.operatorName();
        return in.keyBy(t -> t.f0, Types.STRING)
                .window(TumblingEventTimeWindows.of(config.hostDetector(kind).window()))
                .aggregate((AggregateFunction<Tuple2<String, I>, Object, Object>) (AggregateFunction<?, Object, Object>)
                        new KeyedAggregate(kind, config),
                        new Emit(kind, config), kind.accumulatorType(), kind.accumulatorType(), LibraryTypes.ALERT)
                .name(name).uid(name);
    }

    /** The detector's key of an observation (observations without one are filtered out before). */
    static final class Key<I> implements KeySelector<I, String> {
        private static final long serialVersionUID = 1L;
        private final DetectorRef detector;

        Key(Kind kind, JobConfig config) {
            detector = new DetectorRef(kind, config);
        }

        @Override
        public String getKey(I in) {
            return detector.get().keyOf(in).orElse("");
        }
    }

    /** DNS messages of packet events ({@link DnsObservation#of}), those the detector keys. */
    public static final class DnsObservations implements FlatMapFunction<PacketEvent, DnsObservation> {
        private static final long serialVersionUID = 1L;
        private final JobConfig config;
        private final DetectorRef detector;
        private transient io.peerwatch.dns.PublicSuffixList psl;

        public DnsObservations(JobConfig config) {
            this.config = config;
            this.detector = new DetectorRef(Kind.DNS_TUNNEL, config);
        }

        @Override
        public void flatMap(PacketEvent p, Collector<DnsObservation> out) {
            if (!DnsObservation.isCandidate(p)) {
                return;
            }
            if (psl == null) {
                psl = config.library().publicSuffixList();
            }
            DnsObservation.of(p, p.payloadPrefix(), p.timestampMs(), psl)
                    .filter(o -> detector.get().keyOf(o).isPresent()).ifPresent(out::collect);
        }
    }

    /** ICMP echoes of packet events ({@link EchoObservation#of}). */
    public static final class EchoObservations implements FlatMapFunction<PacketEvent, EchoObservation> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(PacketEvent p, Collector<EchoObservation> out) {
            if (p.isIcmpEcho()) {
                EchoObservation.of(p, p.payloadPrefix(), p.timestampMs()).ifPresent(out::collect);
            }
        }
    }

    /**
     * Ended packet flows the corroboration detector keys (P2P evidence and suspects), once per key
     * ({@link P2pCorroborationDetector#keysOf}): a suspect connection between two hosts goes to
     * both ends' windows, each key at most once, so a flow is counted at most once per host.
     */
    public static final class CorroborationFlows implements FlatMapFunction<Flow, Tuple2<String, Flow>> {
        private static final long serialVersionUID = 1L;
        private final DetectorRef detector;

        public CorroborationFlows(JobConfig config) {
            this.detector = new DetectorRef(Kind.P2P_CORROBORATION, config);
        }

        /** Flink type of this function's output. */
        public static TypeInformation<Tuple2<String, Flow>> type() {
            return new TupleTypeInfo<>(Types.STRING, LibraryTypes.FLOW);
        }

        @Override
        public void flatMap(Flow f, Collector<Tuple2<String, Flow>> out) {
            for (String key : detector.get().keysOf(f)) {
                out.collect(Tuple2.of(key, f));
            }
        }
    }

    /** What both folds share: the detector's accumulator, made, returned and merged. */
    private abstract static class DetectorAggregate<I> implements AggregateFunction<I, Object, Object> {
        private static final long serialVersionUID = 1L;
        protected final DetectorRef detector;

        DetectorAggregate(Kind kind, JobConfig config) {
            detector = new DetectorRef(kind, config);
        }

        @Override
        public Object createAccumulator() {
            return detector.get().newWindow();
        }

        @Override
        public Object getResult(Object acc) {
            return acc;
        }

        @Override
        public Object merge(Object a, Object b) {
            detector.get().merge(a, b);
            return a;
        }
    }

    /** Folds a key's (key, observation) pairs into the detector's accumulator. */
    public static final class KeyedAggregate extends DetectorAggregate<Tuple2<String, Object>> {
        private static final long serialVersionUID = 1L;

        public KeyedAggregate(Kind kind, JobConfig config) {
            super(kind, config);
        }

        @Override
        public Object add(Tuple2<String, Object> in, Object acc) {
            detector.get().observe(acc, in.f0, in.f1);
            return acc;
        }
    }

    /** Folds a key's observations into the detector's accumulator. */
    public static final class Aggregate extends DetectorAggregate<Object> {
        private static final long serialVersionUID = 1L;

        public Aggregate(Kind kind, JobConfig config) {
            super(kind, config);
        }

        @Override
        public Object add(Object in, Object acc) {
            detector.get().observe(acc, in);
            return acc;
        }
    }

    /** Asks the detector for its verdict when the window closes. */
    public static final class Emit extends ProcessWindowFunction<Object, Alert, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final DetectorRef detector;

        public Emit(Kind kind, JobConfig config) {
            detector = new DetectorRef(kind, config);
        }

        @Override
        public void process(String key, Context ctx, Iterable<Object> windows, Collector<Alert> out) {
            TimeWindow w = ctx.window();
            for (Object acc : windows) {
                detector.get().evaluate(acc, key, w.getStart(), w.getEnd()).ifPresent(out::collect);
            }
        }
    }
}
