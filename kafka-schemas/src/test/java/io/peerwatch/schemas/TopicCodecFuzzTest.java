package io.peerwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.IpAddress;
import io.peerwatch.schemas.codec.RecordDecodeException;
import io.peerwatch.testing.Fuzz;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Avro decoding as the job's Kafka sources do it, fuzzed (seeded, bounded by {@code fuzz.tries}):
 * any bytes on any input topic decode to a valid library value or fail with
 * {@link RecordDecodeException} (which the job turns into a dead letter), never anything else.
 * Inputs are valid values of each topic (a flows-topic batch among them) with bytes overwritten,
 * cut or appended, so most get past the single-object header into the body and field checks.
 * Both {@code decode} and {@code decodeAll} are tried.
 */
class TopicCodecFuzzTest {

    private static final List<byte[]> VALID = List.of(
            TopicCodec.flows().encode(io.peerwatch.core.FlowRecord.builder().time(1_000, 2_000)
                    .src(IpAddress.parse("10.0.0.1"), 40000).dst(IpAddress.parse("198.18.0.1"), 6881)
                    .ipProtocol(6).counters(5, 500).build()),
            TopicCodec.encodeFlowBatch(List.of(
                    io.peerwatch.core.FlowRecord.builder().time(1_000, 2_000)
                            .src(IpAddress.parse("10.0.0.1"), 40000).dst(IpAddress.parse("198.18.0.1"), 6881)
                            .ipProtocol(6).counters(5, 500).build(),
                    io.peerwatch.core.FlowRecord.builder().exporter(IpAddress.parse("2001:db8::1")).time(3_000, 4_000)
                            .src(IpAddress.parse("2001:db8::2"), 0).dst(IpAddress.parse("2001:db8::3"), 0x0800)
                            .ipProtocol(58).counters(1, 64).build())),
            TopicCodec.proxy().encode(io.peerwatch.proxy.ProxyRecord.builder(1_700_000_000_000L,
                    IpAddress.parse("10.0.0.7"), "CONNECT", "odd.example:8080").status(200).bytesToClient(500)
                    .deriveDestination().build()),
            TopicCodec.packets().encode(io.peerwatch.packet.PacketEvent.builder().timestampNanos(1_700_000_000_000_000_000L)
                    .addresses(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2")).build()),
            TopicCodec.deadLetters().encode(DeadLetter.ofRecord("t", 0, 1, new byte[] {1}, "PARSE", "m", 0)));

    private static final List<TopicCodec<?, ?>> CODECS = List.of(TopicCodec.flows(), TopicCodec.proxy(),
            TopicCodec.packets(), TopicCodec.deadLetters());

    @Test
    void anyBytesOnAnyInputTopicDecodeOrFailAsDeadLetters() {
        SplittableRandom r = Fuzz.random("avro");
        for (int i = 0; i < Fuzz.tries(); i++) {
            byte[] in = Fuzz.mutate(r, VALID.get(r.nextInt(VALID.size())));
            TopicCodec<?, ?> codec = CODECS.get(r.nextInt(CODECS.size()));
            try {
                assertThat((Object) codec.decode(in)).as("try %d", i).isNotNull();
            } catch (RecordDecodeException expected) {
                assertThat(expected.getMessage()).as("try %d", i).isNotBlank();
            }
            try {
                assertThat(codec.decodeAll(in)).as("try %d", i).doesNotContainNull();
            } catch (RecordDecodeException expected) {
                assertThat(expected.getMessage()).as("try %d", i).isNotBlank();
            }
        }
    }
}
