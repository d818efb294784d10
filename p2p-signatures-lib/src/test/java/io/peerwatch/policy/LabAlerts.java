package io.peerwatch.policy;

import io.peerwatch.core.InternalNetworks;
import io.peerwatch.detect.ClassifiedFlowAlerts;
import io.peerwatch.flow.FlowTable;
import io.peerwatch.notice.Alert;
import io.peerwatch.notice.NoticePolicy;
import io.peerwatch.packet.DecodedPacket;
import io.peerwatch.packet.PacketDecoder;
import io.peerwatch.pcap.PacketFiles;
import io.peerwatch.pcap.PacketReader;
import io.peerwatch.signatures.DetectionConfig;
import io.peerwatch.signatures.SignatureEngine;
import io.peerwatch.signatures.SignatureRegistry;
import io.peerwatch.watch.WatchList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The alerts the library's packet path gives for a capture: flow table, signatures, ClassifiedFlowAlerts. */
final class LabAlerts {

    private LabAlerts() {
    }

    static List<Alert> of(Path capture) throws Exception {
        ClassifiedFlowAlerts classified = new ClassifiedFlowAlerts(InternalNetworks.defaults(), WatchList.defaults(),
                NoticePolicy.defaults());
        List<Alert> out = new ArrayList<>();
        FlowTable t = new FlowTable(new SignatureEngine(SignatureRegistry.defaults(), DetectionConfig.defaults()),
                f -> out.addAll(classified.alerts(f)));
        PacketDecoder decoder = new PacketDecoder();
        DecodedPacket p = new DecodedPacket();
        try (PacketReader r = PacketFiles.open(capture)) {
            while (r.next()) {
                if (decoder.decode(r.packet(), p)) {
                    t.accept(p, r.packet().timestampNanos());
                }
            }
        }
        t.flush();
        return out;
    }
}
