package io.peerwatch.job.operators;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.core.InternalNetworks;
import io.peerwatch.job.JobConfig;
import io.peerwatch.ports.PortTable;
import io.peerwatch.volume.VolumeSample;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** A flow record's volume samples, one per internal end ({@link VolumeSample#of(FlowRecord, InternalNetworks, PortTable)}). */
public final class FlowVolumeSamples extends RichFlatMapFunction<FlowRecord, VolumeSample> {

    private static final long serialVersionUID = 1L;

    private final JobConfig config;
    private transient InternalNetworks internal;
    private transient PortTable ports;

    public FlowVolumeSamples(JobConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext ctx) {
        internal = config.internal();
        ports = config.portTable();
    }

    @Override
    public void flatMap(FlowRecord r, Collector<VolumeSample> out) {
        for (VolumeSample s : VolumeSample.of(r, internal, ports)) {
            out.collect(s);
        }
    }
}
