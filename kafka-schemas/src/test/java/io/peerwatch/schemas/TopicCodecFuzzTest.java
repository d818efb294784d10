package io.peerwatch.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.DeadLetter;
import io.peerwatch.core.IpAddress;
import io.peerwatch.schemas.codec.RecordDecodeException;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Avro decoding as the job's Kafka sources do it, fuzzed (jqwik, bounded by tries, fixed seed):
 * any bytes on any input topic decode to a valid library value or fail with
 * {@link RecordDecodeException} (which the job turns into a dead letter), never anything else.
 * Inputs are valid values of each topic with bytes overwritten, cut or appended, so most get past
 * the single-object header into the body and field checks.
 */
class TopicCodecFuzzTest {

    private static final String SEED = "20261206";

    private static final List<byte[]> VALID = List.of(
            TopicCodec.flows().encode(io.peerwatch.core.FlowRecord.builder().time(1_000, 2_000)
                    .src(IpAddress.parse("10.0.0.1"), 40000).dst(IpAddress.parse("198.18.0.1"), 6881)
                    .ipProtocol(6).counters(5, 500).build()),
            TopicCodec.proxy().encode(io.peerwatch.proxy.ProxyRecord.builder(1_700_000_000_000L,
                    IpAddress.parse("10.0.0.7"), "CONNECT", "odd.example:8080").status(200).bytesToClient(500)
                    .deriveDestination().build()),
            TopicCodec.packets().encode(io.peerwatch.packet.PacketEvent.builder().timestampNanos(1_700_000_000_000_000_000L)
                    .addresses(IpAddress.parse("10.0.0.1"), IpAddress.parse("10.0.0.2")).build()),
            TopicCodec.deadLetters().encode(DeadLetter.ofRecord("t", 0, 1, new byte[] {1}, "PARSE", "m", 0)));

    @Provide
    Arbitrary<byte[]> patch() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(16);
    }

    @Property(seed = SEED)
    void anyBytesOnAnyInputTopicDecodeOrFailAsDeadLetters(@ForAll @IntRange(min = 0, max = 3) int topic,
            @ForAll @IntRange(min = 0, max = 3) int source, @ForAll @IntRange(min = 0, max = 200) int at,
            @ForAll("patch") byte[] patch, @ForAll @IntRange(min = 0, max = 2) int how) {
        byte[] base = VALID.get(source);
        byte[] in = switch (how) {
            case 0 -> overwrite(base, at, patch);
            case 1 -> java.util.Arrays.copyOf(base, Math.min(at, base.length));
            default -> concat(base, patch);
        };
        TopicCodec<?, ?> codec = switch (topic) {
            case 0 -> TopicCodec.flows();
            case 1 -> TopicCodec.proxy();
            case 2 -> TopicCodec.packets();
            default -> TopicCodec.deadLetters();
        };
        try {
            assertThat((Object) codec.decode(in)).isNotNull();
        } catch (RecordDecodeException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }

    private static byte[] overwrite(byte[] base, int at, byte[] patch) {
        byte[] out = base.clone();
        for (int i = 0; i < patch.length && at + i < out.length; i++) {
            out[at + i] = patch[i];
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
