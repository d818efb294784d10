package io.peerwatch.bench.flowfile;

import io.peerwatch.core.FlowRecord;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads a flow file to the end with the library's reader (the format detected as {@code analyze}
 * detects it; compressed nfcapd blocks through the job module's decompressor, which must be on the
 * class path) and prints how many records, packets and bytes it held: the whole cost of turning
 * the file into {@link FlowRecord}s, for {@code bench/flowfile/nfcapd-vs-nfdump.sh}. Usage:
 * {@code ReadFlowFile FILE}.
 */
public final class ReadFlowFile {

    private ReadFlowFile() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ReadFlowFile FILE");
            System.exit(2);
        }
        long records = 0;
        long packets = 0;
        long bytes = 0;
        try (FlowFileReader r = FlowFiles.open(Path.of(args[0]))) {
            for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                records++;
                packets += f.get().packets();
                bytes += f.get().bytes();
            }
        }
        System.out.println(records + " records, " + packets + " packets, " + bytes + " bytes");
    }
}
