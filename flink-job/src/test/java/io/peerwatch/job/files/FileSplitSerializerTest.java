package io.peerwatch.job.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.netflow.DecoderConfig;
import io.peerwatch.packet.FragmentConfig;
import io.peerwatch.packet.PacketEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.junit.jupiter.api.Test;

/** File splits carry the configured NetFlow decoder limits to the task that reads the file. */
class FileSplitSerializerTest {

    @Test
    void decoderLimitsSurviveTheSplitSerializer() throws Exception {
        DecoderConfig limits = DecoderConfig.builder().maxTemplates(7).pendingTimeout(Duration.ofSeconds(3)).build();
        FileInputSource<FlowRecord> source = FileInputSource.flows(List.of(Path.of("export.pcap")), limits);
        SimpleVersionedSerializer<FileSplit<FlowRecord>> ser = source.getSplitSerializer();
        FileSplit<FlowRecord> back = ser.deserialize(ser.getVersion(), ser.serialize(source.splits().get(0)));
        assertThat(back.decoder).isEqualTo(limits);
        assertThat(back.splitId()).isEqualTo(source.splits().get(0).splitId());
        FileSplit<FlowRecord> restored = source.getEnumeratorCheckpointSerializer()
                .deserialize(source.getEnumeratorCheckpointSerializer().getVersion(),
                        source.getEnumeratorCheckpointSerializer().serialize(source.splits())).iterator().next();
        assertThat(restored.decoder).isEqualTo(limits);
    }

    @Test
    void fragmentLimitsSurviveTheSplitSerializer() throws Exception {
        FragmentConfig limits = FragmentConfig.builder().maxDatagrams(9).timeout(Duration.ofSeconds(4)).build();
        FileInputSource<PacketEvent> source = FileInputSource.packets(List.of(Path.of("a.pcap"), Path.of("b.pcap")), limits);
        SimpleVersionedSerializer<java.util.Collection<FileSplit<PacketEvent>>> ser = source.getEnumeratorCheckpointSerializer();
        List<FileSplit<PacketEvent>> back = List.copyOf(ser.deserialize(ser.getVersion(), ser.serialize(source.splits())));
        assertThat(back).hasSize(2).allSatisfy(s -> assertThat(s.fragments).isEqualTo(limits));
    }
}
