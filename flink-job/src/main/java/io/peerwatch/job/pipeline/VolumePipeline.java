package io.peerwatch.job.pipeline;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.job.JobConfig;
import io.peerwatch.job.operators.FlowVolumeSamples;
import io.peerwatch.job.operators.VolumeWindowFunction;
import io.peerwatch.job.types.LibraryTypes;
import io.peerwatch.notice.Alert;
import io.peerwatch.proxy.ProxyRecord;
import io.peerwatch.volume.VolumeSample;
import io.peerwatch.volume.VolumeWindow;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Volume from every input: flow records (NetFlow/IPFIX, flow files, flows from packets) count for
 * their internal hosts, proxy records for their client address and user; per subject and
 * event-time window the volume, the learned baseline and BANDWIDTH_SPIKE; the flow hosts' windows
 * summed for the site: the site's BANDWIDTH_SPIKE and LINK_SATURATION_RISK.
 *
 * <pre>
 * flow records  ─► FlowVolumeSamples ─┐
 * proxy records ─► VolumeSample.of ───┴► keyBy(subject) ─► VolumeWindowFunction.Subjects ─► BANDWIDTH_SPIKE
 *                                          └► closed windows ─┬► (flow hosts) keyBy(site) ─► VolumeWindowFunction.Site
 *                                                             │       ─► BANDWIDTH_SPIKE (site), LINK_SATURATION_RISK
 *                                                             └► windows (subjects and site) for tables and reports
 * </pre>
 */
public final class VolumePipeline {

    private VolumePipeline() {
    }

    /** The volume alerts and every closed window (subjects' and the site's). */
    public record Output(DataStream<Alert> alerts, DataStream<VolumeWindow> windows) {
    }

    /**
     * Builds the volume operators over streams that already carry timestamps and watermarks.
     *
     * @param flows flow records, if the job reads any
     * @param proxy proxy records, if the job reads any
     */
    public static Optional<Output> build(Optional<DataStream<FlowRecord>> flows, Optional<DataStream<ProxyRecord>> proxy,
            JobConfig config) {
        DataStream<VolumeSample> samples = null;
        if (flows.isPresent()) {
            samples = flows.get().flatMap(new FlowVolumeSamples(config)).returns(LibraryTypes.VOLUME_SAMPLE)
                    .name("flow-volume-samples").uid("flow-volume-samples");
        }
        if (proxy.isPresent()) {
            DataStream<VolumeSample> p = proxy.get()
                    .flatMap((ProxyRecord r, org.apache.flink.util.Collector<VolumeSample> out) -> VolumeSample.of(r).forEach(out::collect))
                    .returns(LibraryTypes.VOLUME_SAMPLE).name("proxy-volume-samples").uid("proxy-volume-samples");
            samples = samples == null ? p : samples.union(p);
        }
        if (samples == null) {
            return Optional.empty();
        }
        SingleOutputStreamOperator<Alert> subjects = samples
                .keyBy(s -> s.key().text(), Types.STRING)
                .process(new VolumeWindowFunction.Subjects(config)).returns(LibraryTypes.ALERT)
                .name("volume-windows").uid("volume-windows");
        DataStream<VolumeWindow> subjectWindows = subjects.getSideOutput(VolumeWindowFunction.WINDOWS);
        SingleOutputStreamOperator<Alert> site = subjectWindows
                .filter(VolumeWindowFunction.Site::isHost).name("flow-host-windows").uid("flow-host-windows")
                .keyBy(w -> VolumeWindow.SITE, Types.STRING)
                .process(new VolumeWindowFunction.Site(config)).returns(LibraryTypes.ALERT)
                .name("site-volume").uid("site-volume");
        return Optional.of(new Output(subjects.union(site), subjectWindows.union(site.getSideOutput(VolumeWindowFunction.WINDOWS))));
    }
}
