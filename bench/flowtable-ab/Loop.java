import io.peerwatch.flow.FlowTable;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.IntSupplier;

/** Driver of bench/flowtable-ab.sh (compiled by it, not by Maven): FlowTableBenchmark's loop over given frames: one call = reps passes over all frames. */
public class Loop implements IntSupplier {
    private final int[] link;
    private final ByteBuffer[] frames;
    private final int reps;
    private final FlowTable table;
    private final PacketDecoder decoder = new PacketDecoder();
    private final DecodedPacket p = new DecodedPacket();

    public Loop(int[] link, ByteBuffer[] frames, int reps) {
        this.link = link;
        this.frames = frames;
        this.reps = reps;
        DetectionConfig config = DetectionConfig.builder().flowIdleTimeout(Duration.ofDays(3650))
                .flowActiveTimeout(Duration.ofDays(3650)).build();
        table = new FlowTable(new SignatureEngine(SignatureRegistry.defaults(), config), f -> { });
    }

    @Override
    public int getAsInt() {
        int sink = 0;
        for (int r = 0; r < reps; r++) {
            for (int i = 0; i < frames.length; i++) {
                ByteBuffer b = frames[i];
                if (decoder.decode(link[i], b, 0, b.limit(), b.limit(), p)) {
                    table.accept(p, 0L);
                }
                sink += table.size();
            }
        }
        return sink;
    }
}
