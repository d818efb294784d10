package io.peerwatch.signatures.proto;

import static org.assertj.core.api.Assertions.assertThat;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Truncated and random inputs through every BitTorrent signature: no exception, no false match. */
class BitTorrentRobustnessTest {

    private static final List<Signature> TCP = List.of(BitTorrentPeerWireSignature.INSTANCE,
            BitTorrentTrackerHttpSignature.INSTANCE, BitTorrentMseSignature.INSTANCE);
    private static final List<Signature> UDP = List.of(BitTorrentTrackerUdpSignature.INSTANCE,
            BitTorrentDhtSignature.INSTANCE, BitTorrentUtpSignature.INSTANCE, BitTorrentLsdSignature.INSTANCE);
    private static final int RANDOM_PAYLOADS = 5_000;
    private static final int MAX_RANDOM_LENGTH = 700;

    @Test
    void everyPrefixOfEveryValidPayloadIsHandled() {
        List<byte[]> valid = new ArrayList<>(List.of(
                BitTorrentPayloads.concat(BitTorrentPayloads.handshake("-TR4050-"),
                        BitTorrentPayloads.extensionHandshake("Transmission 4.0.5")),
                BitTorrentPayloads.getPeersQuery("LT\u0001\u0002"),
                BitTorrentPayloads.udpConnect(1), BitTorrentPayloads.udpAnnounce(5, 6, "-TR4050-"),
                BitTorrentPayloads.utp(0, 7, 1000, 1, 2, BitTorrentPayloads.extensionBits(), BitTorrentPayloads.handshake("-UT355W-")),
                BitTorrentPayloads.ascii("GET /announce?info_hash=abcdefghijklmnopqrst&peer_id=-TR4050-abcdefghijkl HTTP/1.1\r\n\r\n"),
                BitTorrentPayloads.ascii("BT-SEARCH * HTTP/1.1\r\nInfohash: c8252a8c0ae232114010b7fa85a5ae8ef259920b\r\n\r\n")));
        for (byte[] payload : valid) {
            for (int n = 1; n <= payload.length; n++) {
                byte[] cut = BitTorrentPayloads.prefix(payload, n);
                for (Signature sig : TCP) {
                    assertThat(BitTorrentPayloads.inspectOnce(sig, IpProtocol.TCP, cut)).isNotNull();
                    new BitTorrentPayloads.Flow(sig, IpProtocol.TCP).s2c(cut);
                }
                for (Signature sig : UDP) {
                    assertThat(BitTorrentPayloads.inspectOnce(sig, IpProtocol.UDP, cut)).isNotNull();
                    new BitTorrentPayloads.Flow(sig, IpProtocol.UDP).s2c(cut);
                }
            }
        }
    }

    @Test
    void randomPayloadsNeverMatch() {
        Random random = new Random(2026);
        for (int i = 0; i < RANDOM_PAYLOADS; i++) {
            byte[] first = new byte[1 + random.nextInt(MAX_RANDOM_LENGTH)];
            byte[] second = new byte[1 + random.nextInt(MAX_RANDOM_LENGTH)];
            random.nextBytes(first);
            random.nextBytes(second);
            for (Signature sig : TCP) {
                var flow = new BitTorrentPayloads.Flow(sig, IpProtocol.TCP);
                flow.c2s(first);
                flow.s2c(second);
                assertThat(flow.result()).as(sig.id() + " on random bytes").isEmpty();
            }
            for (Signature sig : UDP) {
                var flow = new BitTorrentPayloads.Flow(sig, IpProtocol.UDP);
                flow.c2s(first);
                flow.c2s(second);
                assertThat(flow.result()).as(sig.id() + " on random bytes").isEmpty();
            }
        }
    }

    @Test
    void randomUtpLookingPairsDoNotMatch() {
        // headers valid by construction (version 1, type 0..4, no extension) but unrelated to each other
        Random random = new Random(29);
        for (int i = 0; i < RANDOM_PAYLOADS; i++) {
            var flow = new BitTorrentPayloads.Flow(BitTorrentUtpSignature.INSTANCE, IpProtocol.UDP);
            for (int k = 0; k < 2; k++) {
                byte[] p = new byte[20];
                random.nextBytes(p);
                p[0] = (byte) (random.nextInt(4) + 1 << 4 | 1);
                p[1] = 0;
                flow.send(random.nextBoolean() ? io.peerwatch.signatures.Direction.CLIENT_TO_SERVER
                        : io.peerwatch.signatures.Direction.SERVER_TO_CLIENT, p);
            }
            assertThat(flow.result()).isEmpty();
        }
    }
}
