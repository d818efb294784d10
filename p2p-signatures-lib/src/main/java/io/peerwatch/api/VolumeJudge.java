package io.peerwatch.api;

import io.peerwatch.config.LibraryConfig;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.ports.PortTable;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.volume.Tariff;
import io.peerwatch.volume.VolumeReport;
import io.peerwatch.volume.VolumeSample;
import io.peerwatch.volume.VolumeTally;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Volume and money cost per internal host (flow records), proxy address and proxy user (proxy
 * logs), and for the site, priced with the configured tariff ({@code tariff.*} keys: price per
 * MB, free allowance, billing day and zone). Costs are exact decimals.
 *
 * <pre>{@code
 * VolumeJudge volume = VolumeJudge.create(LibraryConfig.defaults());
 * VolumeVerdict v = volume.judge(flowRecords, List.of(Path.of("access.log")));
 * for (VolumeLine l : v.subjects()) {
 *     System.out.println(l.kind() + " " + l.name() + " " + l.bytes() + " B " + l.cost() + " " + l.currency());
 * }
 * BigDecimal price = volume.cost(5_000_000_000L);   // 5 GB at the tariff's marginal price
 * }</pre>
 *
 * <p>Thread-safety: immutable; one instance may judge on several threads at once (each call
 * has its own tally).
 */
public final class VolumeJudge {

    private static final Comparator<VolumeLine> LARGEST_FIRST = Comparator.comparingLong(VolumeLine::bytes).reversed()
            .thenComparing(VolumeLine::kind).thenComparing(VolumeLine::name);

    private final Tariff tariff;
    private final InternalNetworks internal;
    private final PortTable ports;

    private VolumeJudge(LibraryConfig config) {
        this.tariff = config.tariff();
        this.internal = config.internalNetworks();
        this.ports = config.portTable();
    }

    /**
     * A judge with these settings (tariff, internal networks).
     *
     * @param config the settings; {@link LibraryConfig#defaults()} for the defaults
     * @return the judge
     */
    public static VolumeJudge create(LibraryConfig config) {
        if (config == null) {
            throw new IllegalArgumentException("config must not be null");
        }
        return new VolumeJudge(config);
    }

    /**
     * The cost of a volume at the tariff's marginal price (no free allowance).
     *
     * @param bytes the volume
     * @return the cost, an exact decimal in {@link #currency()}
     */
    public BigDecimal cost(long bytes) {
        return tariff.exactCost(bytes);
    }

    /**
     * The tariff's currency.
     *
     * @return an ISO 4217 code
     */
    public String currency() {
        return tariff.currency();
    }

    /**
     * Totals flow records and proxy logs (format detected) as one input.
     *
     * @param flows flow records, in any order
     * @param proxyLogs proxy log files
     * @return the volume and cost per subject and for the site
     * @throws IllegalArgumentException when a log's format cannot be detected
     * @throws java.io.UncheckedIOException when a log cannot be read
     */
    public VolumeVerdict judge(List<FlowRecord> flows, List<Path> proxyLogs) {
        VolumeTally tally = new VolumeTally();
        for (FlowRecord f : flows) {
            VolumeSample.of(f, internal, ports).forEach(tally::add);
        }
        for (Path log : proxyLogs) {
            for (ProxyRecord e : ProxyLogs.read(log, Optional.empty()).records()) {
                tally.add(e);
            }
        }
        VolumeReport r = tally.report(tariff);
        return new VolumeVerdict(r.rows().stream().map(VolumeLine::of).sorted(LARGEST_FIRST).toList(), r.site().bytes(),
                r.site().externalBytes(), r.site().month().costSoFar(), r.site().month().projectedCost(),
                tariff.currency());
    }
}
