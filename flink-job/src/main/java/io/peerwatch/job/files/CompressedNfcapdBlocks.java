package io.peerwatch.job.files;

import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import io.airlift.compress.zstd.ZstdDecompressor;
import io.peerwatch.flowfile.NfcapdBlocks;

/**
 * The LZO, LZ4 and ZSTD blocks of compressed nfcapd files ({@code nfcapd -z}, {@code -y},
 * {@code -z=zstd}), with aircompressor's pure-Java decompressors: the library runs on the JDK
 * alone, so the job, which reads flow files for {@code analyze} and on a cluster, provides them
 * ({@code META-INF/services/io.peerwatch.flowfile.NfcapdBlocks}). nfdump compresses each block
 * on its own (LZO1X-1, LZ4 block format, a ZSTD frame), which is what these read.
 */
public final class CompressedNfcapdBlocks implements NfcapdBlocks {

    @Override
    public boolean supports(int code) {
        return code == LZO || code == LZ4 || code == ZSTD;
    }

    @Override
    public int decompress(int code, byte[] in, int inLength, byte[] out) {
        Decompressor d = switch (code) {
            case LZO -> new LzoDecompressor();
            case LZ4 -> new Lz4Decompressor();
            case ZSTD -> new ZstdDecompressor();
            default -> throw new IllegalArgumentException("nfdump compression " + code + " is not LZO, LZ4 or ZSTD");
        };
        try {
            return d.decompress(in, 0, inLength, out, 0, out.length);
        } catch (RuntimeException e) {
            // aircompressor reports corrupt input as MalformedInputException or an index error
            throw new IllegalArgumentException(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
        }
    }
}
