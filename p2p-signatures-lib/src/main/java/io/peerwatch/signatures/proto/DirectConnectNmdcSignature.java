package io.peerwatch.signatures.proto;

import io.peerwatch.core.IpProtocol;
import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * Direct Connect, NMDC protocol (NMDC protocol documentation of the DC++ / ADC project,
 * https://nmdc.sourceforge.io/NMDC.html): text commands {@code $Name params|}, each ended by '|'.
 * A hub opens with {@code $Lock <lock> Pk=<pk>|}; the client answers {@code $Supports ...|},
 * {@code $Key ...|}, {@code $ValidateNick <nick>|}; a client-client connection opens with
 * {@code $MyNick <nick>|$Lock ...|}; search results to active clients travel as UDP
 * {@code $SR ...|} datagrams.
 *
 * <p>The first payload packet matches when it starts with {@code $Lock } and holds {@code Pk=}
 * before the first '|', or starts with another NMDC command from the protocol's command set
 * whose first message is '|'-terminated within the packet ({@code $MyNick} continues into the
 * next packet with {@code $Lock}: NEED_MORE). UDP: {@code $SR } or {@code $Ping } datagrams
 * ending in '|'. One packet, two when {@code $MyNick} arrives alone.
 *
 * <p>Evidence ({@link NmdcEvidence}): NICK, SEARCH, FILE_NAME, SERVER_HOST, CLIENT.
 */
final class DirectConnectNmdcSignature implements Signature {

    static final DirectConnectNmdcSignature INSTANCE = new DirectConnectNmdcSignature();

    private static final byte[] LOCK = Bytes.ascii("$Lock ");
    private static final byte[] PK = Bytes.ascii(" Pk=");
    private static final byte[] MY_NICK = Bytes.ascii("$MyNick ");
    private static final byte[] SR = Bytes.ascii("$SR ");
    private static final byte[] PING = Bytes.ascii("$Ping ");
    private static final byte[][] COMMANDS = {Bytes.ascii("$Key "), Bytes.ascii("$Supports "),
        Bytes.ascii("$ValidateNick "), Bytes.ascii("$HubName "), Bytes.ascii("$Hello "),
        Bytes.ascii("$MyINFO $ALL "), Bytes.ascii("$Search "), SR, Bytes.ascii("$ConnectToMe "),
        Bytes.ascii("$RevConnectToMe "), Bytes.ascii("$GetNickList|"), Bytes.ascii("$Version "),
        Bytes.ascii("$NickList "), Bytes.ascii("$OpList "), Bytes.ascii("$HubINFO "), Bytes.ascii("$GetPass|"),
        Bytes.ascii("$MyPass "), Bytes.ascii("$BadPass|"), Bytes.ascii("$LogedIn "), Bytes.ascii("$Direction "),
        Bytes.ascii("$ADCGET "), Bytes.ascii("$ADCSND "), Bytes.ascii("$Get "), Bytes.ascii("$Send|"),
        Bytes.ascii("$To: "), Bytes.ascii("$Quit ")};
    /** NMDC messages this long without a '|' are not NMDC (hubs cap lines far below). */
    private static final int MAX_MESSAGE = 4096;
    private static final int WORD_STATE = 0;
    private static final int SAW_MY_NICK = 1;

    private DirectConnectNmdcSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.DIRECT_CONNECT_NMDC;
    }

    @Override
    public Selection selection() {
        return Selection.TCP_OR_UDP;
    }

    @Override
    public Verdict inspect(ByteBuffer payload, Direction dir, FlowScratch scratch) {
        if (Bytes.u8(payload, 0) != '$') {
            return Verdict.NO_MATCH;
        }
        int bar = Bytes.indexOf(payload, (byte) '|', 1, MAX_MESSAGE);
        if (scratch.ipProtocol() == IpProtocol.UDP) {
            boolean command = Bytes.startsWith(payload, SR) || Bytes.startsWith(payload, PING);
            return command && bar > 0 && payload.get(payload.limit() - 1) == '|' ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (scratch.get(id(), WORD_STATE) == SAW_MY_NICK && Bytes.startsWith(payload, LOCK)) {
            return Verdict.MATCH;
        }
        if (bar < 0) {
            return Verdict.NO_MATCH;
        }
        if (Bytes.startsWith(payload, LOCK)) {
            return Bytes.indexOf(payload, PK, LOCK.length, bar) > 0 ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        if (Bytes.startsWith(payload, MY_NICK)) {
            if (Bytes.indexOf(payload, (byte) ' ', MY_NICK.length, bar) >= 0) {
                return Verdict.NO_MATCH;
            }
            if (bar + 1 == payload.limit()) {
                scratch.set(id(), WORD_STATE, SAW_MY_NICK);
                return Verdict.NEED_MORE;
            }
            return Bytes.at(payload, bar + 1, LOCK) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        for (byte[] command : COMMANDS) {
            if (Bytes.startsWith(payload, command)) {
                return Verdict.MATCH;
            }
        }
        return Verdict.NO_MATCH;
    }

    @Override
    public void describe(ByteBuffer payload, Direction dir, FlowScratch scratch, Metadata out) {
        NmdcEvidence.describe(payload, dir, out);
    }
}
