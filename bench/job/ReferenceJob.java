import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.IpAddress;
import io.peerwatch.job.LocalFlink;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.schemas.TopicCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reference jobs for the job-throughput benchmark (bench/job/job-throughput.sh --reference MODE):
 * the least a Flink job with the PeerWatch job's source settings does, so that the real job's rate
 * can be set against Flink's own ceiling on the same machine, broker and topic. Started like the
 * job, as {@code peerwatch run --bootstrap B --inputs I --group-id G --checkpoint-interval 1s
 * --parallelism 2 --<input>-topic T ...} (other options are ignored), on an embedded MiniCluster
 * with the same source settings (group offsets else earliest, read_committed, offsets committed on
 * checkpoints, exactly-once checkpointing, heap state, generic types off):
 *
 * <ul>
 *   <li>{@code source}: KafkaSource of raw values → discard;
 *   <li>{@code decode}: + {@code TopicCodec.flows().decode} into the library's {@code FlowRecord};
 *   <li>{@code keyby}: + keyBy(source address) into a keyed operator that does nothing (one
 *       shuffle, serializing each record, as the job's flow-window operator needs).
 * </ul>
 *
 * Run with Java's source launcher on the CLI's class path (the script writes the launcher).
 */
public final class ReferenceJob {

    public static void main(String[] args) throws Exception {
        String mode = System.getenv("REFERENCE_MODE");
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length && !args[i + 1].startsWith("--")) {
                o.put(args[i].substring(2), args[++i]);
            }
        }
        String input = o.getOrDefault("inputs", "flows");
        if (!input.equals("flows") && !mode.equals("source")) {
            throw new IllegalArgumentException("reference mode " + mode + " reads flow records only");
        }
        Configuration c = LocalFlink.loopbackConfiguration();
        c.set(PipelineOptions.GENERIC_TYPES, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(c);
        env.setParallelism(Integer.parseInt(o.getOrDefault("parallelism", "2")));
        env.enableCheckpointing(Duration.parse("PT" + o.getOrDefault("checkpoint-interval", "1s").toUpperCase()).toMillis(),
                CheckpointingMode.EXACTLY_ONCE);
        KafkaSource<byte[]> source = KafkaSource.<byte[]>builder()
                .setBootstrapServers(o.get("bootstrap"))
                .setTopics(o.get(input + "-topic"))
                .setGroupId(o.get("group-id"))
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(KafkaRecordDeserializationSchema.valueOnly(ByteArrayDeserializer.class))
                .setProperty("isolation.level", "read_committed")
                .build();
        DataStream<byte[]> raw = env.fromSource(source, WatermarkStrategy.noWatermarks(), "records",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        switch (mode) {
            case "source" -> raw.sinkTo(new DiscardingSink<>());
            case "decode" -> decode(raw).sinkTo(new DiscardingSink<>());
            case "keyby" -> decode(raw)
                    .keyBy(FlowRecord::src, LibraryTypes.IP_ADDRESS)
                    .process(new Nothing()).returns(LibraryTypes.FLOW_RECORD)
                    .sinkTo(new DiscardingSink<>());
            default -> throw new IllegalArgumentException("unknown reference mode " + mode);
        }
        System.err.println("reference job " + mode + " reading " + o.get(input + "-topic"));
        env.execute("reference-" + mode);
    }

    /** Every flow of each value, as the job's source reads them (a value is one flow or a collector's batch). */
    private static DataStream<FlowRecord> decode(DataStream<byte[]> raw) {
        return raw.<FlowRecord>flatMap((b, out) -> TopicCodec.flows().decodeAll(b).forEach(out::collect))
                .returns(LibraryTypes.FLOW_RECORD);
    }

    /** A keyed operator that does nothing with its input. */
    static final class Nothing extends KeyedProcessFunction<IpAddress, FlowRecord, FlowRecord> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(FlowRecord r, Context ctx, Collector<FlowRecord> out) {
        }
    }
}
