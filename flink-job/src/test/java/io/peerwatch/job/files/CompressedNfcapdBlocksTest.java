package io.peerwatch.job.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.airlift.compress.zstd.ZstdCompressor;
import io.peerwatch.core.FlowRecord;
import io.peerwatch.flowfile.FlowFileException;
import io.peerwatch.flowfile.FlowFileFormat;
import io.peerwatch.flowfile.FlowFileReader;
import io.peerwatch.flowfile.FlowFiles;
import io.peerwatch.flowfile.NfcapdBlocks;
import io.peerwatch.testing.Corpus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compressed nfcapd files through the job module's decompressor, found the way every reader finds
 * it ({@code FlowFiles.open}, the service file): nfdump's own LZO and LZ4 recompressions of the lab
 * corpus's files ({@code src/test/resources/nfcapd/README.md}) give exactly the original's flows.
 */
class CompressedNfcapdBlocksTest {

    private static final Path VECTORS = Path.of("src/test/resources/nfcapd");

    @TempDir
    Path dir;

    private static List<FlowRecord> read(Path file) throws IOException {
        List<FlowRecord> out = new ArrayList<>();
        try (FlowFileReader r = FlowFiles.open(file)) {
            assertThat(r.format()).isEqualTo(FlowFileFormat.NFCAPD);
            for (Optional<FlowRecord> f = r.next(); f.isPresent(); f = r.next()) {
                out.add(f.get());
            }
        }
        return out;
    }

    private static Path original(String version) {
        return Corpus.lab("netflow/nfcapd-" + version + "-s1.202611251200");
    }

    @Test
    void theJobModuleProvidesTheDecompressor() {
        assertThat(NfcapdBlocks.installed()).hasAtLeastOneElementOfType(CompressedNfcapdBlocks.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"v9-s1-lzo", "v9-s1-lz4", "v10-s1-lzo", "v10-s1-lz4"})
    void nfdumpsCompressedFilesGiveTheOriginalsFlows(String vector) throws IOException {
        Path file = VECTORS.resolve("nfcapd-" + vector);
        assertThat(Files.readAllBytes(file)[16]).as("compressed").isNotZero();
        List<FlowRecord> flows = read(file);
        assertThat(flows).isNotEmpty().isEqualTo(read(original(vector.substring(0, vector.indexOf('-')))));
    }

    @Test
    void aZstdBlockAsLaterNfdumpWritesIt() throws IOException {
        // the original's file header and first data block, the block's records as one ZSTD frame
        byte[] good = Files.readAllBytes(original("v9"));
        ByteBuffer g = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN);
        int records = g.getInt(40);
        int size = g.getInt(44);
        ZstdCompressor z = new ZstdCompressor();
        byte[] packed = new byte[z.maxCompressedLength(size)];
        int n = z.compress(good, 52, size, packed, 0, packed.length);
        ByteBuffer f = ByteBuffer.allocate(52 + n).order(ByteOrder.LITTLE_ENDIAN);
        f.put(good, 0, 40).put(16, (byte) NfcapdBlocks.ZSTD);
        f.putInt(40, records).putInt(44, n).putShort(48, (short) 3).putShort(50, (short) 0);
        f.position(52);
        f.put(packed, 0, n);
        Path zstd = dir.resolve("nfcapd-v9-zstd");
        Files.write(zstd, f.array());
        assertThat(read(zstd)).isNotEmpty().isEqualTo(read(original("v9")));
    }

    @Test
    void aBlockThatDoesNotDecompressIsOneErrorNamingItsPlace() throws IOException {
        byte[] bad = Files.readAllBytes(VECTORS.resolve("nfcapd-v9-s1-lz4"));
        for (int i = 60; i < 90; i++) {
            bad[i] = (byte) 0xff; // inside the first block's LZ4 sequences
        }
        Path file = dir.resolve("bad-lz4");
        Files.write(file, bad);
        assertThatThrownBy(() -> read(file)).isInstanceOf(FlowFileException.class)
                .hasMessageStartingWith("bad-lz4:").hasMessageContaining("block at byte 40 does not decompress (LZ4)");
    }
}
