package io.peerwatch.examples.embed;

import io.peerwatch.api.CaptureVerdict;
import io.peerwatch.api.Finding;
import io.peerwatch.api.FlowVerdict;
import io.peerwatch.api.HostVerdict;
import io.peerwatch.api.Judgement;
import io.peerwatch.api.PacketClassifier;
import io.peerwatch.api.ProxyLogJudge;
import io.peerwatch.config.LibraryConfig;
import java.nio.file.Path;

/**
 * Classifies a capture and judges a proxy log with PeerWatch's library, printing one line per
 * P2P flow, host judgement and finding:
 *
 * <pre>{@code
 * java -p p2p-signatures-lib.jar:embed-example.jar \
 *      -m io.peerwatch.examples.embed/io.peerwatch.examples.embed.EmbedExample capture.pcap access.log
 * }</pre>
 */
public final class EmbedExample {

    private EmbedExample() {
    }

    /**
     * Runs the example.
     *
     * @param args a capture file (pcap or pcapng) and a proxy log (format detected)
     */
    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: EmbedExample CAPTURE PROXY_LOG");
            System.exit(2);
        }
        LibraryConfig config = LibraryConfig.defaults();

        CaptureVerdict capture = PacketClassifier.create(config).classify(Path.of(args[0]));
        System.out.println("capture: " + capture.flows().size() + " flows, " + capture.p2pFlows().size() + " P2P");
        for (FlowVerdict f : capture.p2pFlows()) {
            System.out.println("p2p flow: " + f + " " + f.metadata());
        }
        for (HostVerdict h : capture.hosts()) {
            System.out.println("host: " + h.host() + " " + h.finding() + " " + h.subject() + " " + h.reasons());
        }

        Judgement log = ProxyLogJudge.create(config).judge(Path.of(args[1]));
        System.out.println("proxy log: " + log.records() + " requests, " + log.rejected() + " unusable lines, "
                + log.findings().size() + " findings");
        for (Finding a : log.findings()) {
            System.out.println("finding: " + a);
        }
    }
}
