package io.peerwatch.bench;

import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.signatures.Verdict;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost and allocation of signature inspection, per packet, over every payload of the nDPI
 * corpus. {@code inspect}: one signature ({@code -p signature=X}) or every signature of the
 * default registry ({@code ALL}) looks at one payload, as for the first packet of a new flow.
 * {@code engine}: the whole engine on one packet of a fresh flow (the allocation-free path
 * until a signature matches). Run with {@code -prof gc}: {@code gc.alloc.rate.norm} must be
 * about 0 B/op for {@code inspect}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SignatureBenchmark {

    /** A SignatureId name, or ALL for the whole default registry. */
    @Param("ALL")
    public String signature;

    private List<CapturedPackets.Payload> payloads;
    private Signature[] signatures;
    private SignatureEngine engine;
    private final FlowScratch scratch = new FlowScratch();
    private int next;

    @Setup(Level.Trial)
    public void load() throws Exception {
        payloads = CapturedPackets.payloads(CapturedPackets.captures(CapturedPackets.shared().resolve("corpus/ndpi/pcap")));
        SignatureRegistry all = SignatureRegistry.defaults();
        signatures = all.signatures().stream()
                .filter(s -> signature.equals("ALL") || s.id() == SignatureId.valueOf(signature))
                .toArray(Signature[]::new);
        if (signatures.length == 0) {
            throw new IllegalArgumentException("no signature " + signature + " in the default registry");
        }
        engine = new SignatureEngine(all, DetectionConfig.defaults());
    }

    private CapturedPackets.Payload nextPayload() {
        CapturedPackets.Payload p = payloads.get(next);
        next = next + 1 == payloads.size() ? 0 : next + 1;
        return p;
    }

    @Benchmark
    public void inspect(Blackhole bh) {
        CapturedPackets.Payload p = nextPayload();
        engine.begin(scratch, p.ipProtocol(), p.srcPort(), p.dstPort());
        scratch.setIcmp(p.icmpType(), p.icmpCode());
        for (Signature s : signatures) {
            if (s.selection().accepts(p.ipProtocol(), p.bytes().limit())) {
                Verdict v = s.inspect(p.bytes(), Direction.CLIENT_TO_SERVER, scratch);
                bh.consume(v);
            }
        }
    }

    @Benchmark
    public boolean engine() {
        CapturedPackets.Payload p = nextPayload();
        engine.begin(scratch, p.ipProtocol(), p.srcPort(), p.dstPort());
        scratch.setIcmp(p.icmpType(), p.icmpCode());
        return engine.inspect(scratch, p.bytes(), Direction.CLIENT_TO_SERVER);
    }
}
