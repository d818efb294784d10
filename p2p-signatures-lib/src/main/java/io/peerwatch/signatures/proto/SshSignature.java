package io.peerwatch.signatures.proto;

import io.peerwatch.signatures.Direction;
import io.peerwatch.signatures.FlowScratch;
import io.peerwatch.signatures.Metadata;
import io.peerwatch.signatures.MetadataKey;
import io.peerwatch.signatures.Selection;
import io.peerwatch.signatures.Signature;
import io.peerwatch.signatures.SignatureId;
import io.peerwatch.signatures.Verdict;
import java.nio.ByteBuffer;

/**
 * SSH by its protocol version exchange (RFC 4253 §4.2): each side first sends the line
 * {@code SSH-protoversion-softwareversion SP comments CR LF}, protoversion {@code 2.0}, or
 * {@code 1.99} for servers that also speak SSH 1 (§5.1). The server may send other text lines
 * before its version line, so the server's first payload is searched line by line; the
 * client's must start with it. Either side's first payload decides.
 *
 * <p>Evidence: {@link MetadataKey#CLIENT} = the software version (and comments) of each side.
 */
final class SshSignature implements Signature {

    static final SshSignature INSTANCE = new SshSignature();

    private static final byte[] SSH2 = Bytes.ascii("SSH-2.0-");
    private static final byte[] SSH199 = Bytes.ascii("SSH-1.99-");
    private static final byte[] LF = {'\n'};

    private SshSignature() {
    }

    @Override
    public SignatureId id() {
        return SignatureId.SSH;
    }

    @Override
    public Selection selection() {
        return Selection.TCP;
    }

    @Override
    public Verdict inspect(ByteBuffer p, Direction dir, FlowScratch s) {
        if (s.payloadPackets(dir) > 0) {
            return Verdict.NO_MATCH;
        }
        if (dir == Direction.CLIENT_TO_SERVER) {
            return Bytes.startsWith(p, SSH2) || Bytes.startsWith(p, SSH199) ? Verdict.MATCH : Verdict.NO_MATCH;
        }
        return versionLine(p) >= 0 ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    /** Offset of the version line: at 0, or after text lines (the server's pre-banner lines). */
    private static int versionLine(ByteBuffer p) {
        int line = 0;
        while (line >= 0 && line < p.limit()) {
            if (Bytes.at(p, line, SSH2) || Bytes.at(p, line, SSH199)) {
                return line;
            }
            int lf = Bytes.indexOf(p, LF, line, Math.min(p.limit(), line + HttpText.MAX_HEAD));
            if (lf < 0 || !Bytes.isText(p, line, lf)) {
                return -1;
            }
            line = lf + 1;
        }
        return -1;
    }

    @Override
    public void describe(ByteBuffer p, Direction dir, FlowScratch s, Metadata out) {
        int line = versionLine(p);
        if (line < 0) {
            return;
        }
        int start = line + (Bytes.at(p, line, SSH2) ? SSH2.length : SSH199.length);
        int end = Bytes.indexOf(p, LF, start, p.limit());
        out.put(MetadataKey.CLIENT, Bytes.text(p, start, end < 0 ? p.limit() : end).trim());
    }
}
