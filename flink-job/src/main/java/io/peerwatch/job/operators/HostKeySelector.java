package io.peerwatch.job.operators;

import io.peerwatch.core.InternalNetworks;
import io.peerwatch.job.AvroMapper;
import io.peerwatch.job.JobConfig;
import io.peerwatch.schemas.FlowRecord;
import org.apache.flink.api.java.functions.KeySelector;

/** Keys a flow record by its host (DESIGN.md convention), as text. */
public final class HostKeySelector implements KeySelector<FlowRecord, String> {

    private static final long serialVersionUID = 1L;

    private final JobConfig config;
    private transient InternalNetworks internal;

    public HostKeySelector(JobConfig config) {
        this.config = config;
    }

    @Override
    public String getKey(FlowRecord r) {
        if (internal == null) {
            internal = config.internal();
        }
        return internal.hostOf(AvroMapper.address("src_addr", r.getSrcAddr()),
                AvroMapper.address("dst_addr", r.getDstAddr())).toString();
    }
}
