package io.peerwatch.flowfile;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Decompresses the data blocks of compressed nfcapd files for {@link NfcapdReader}: a service
 * ({@link ServiceLoader}) because the library runs on the JDK alone and the JDK has no LZO, LZ4 or
 * ZSTD. PeerWatch's job module provides one (aircompressor); a program embedding the library adds
 * that module, or its own provider, to read compressed files. Uncompressed files need none.
 */
public interface NfcapdBlocks {

    /** nfdump's compression codes (file header byte 16). */
    int LZO = 1;
    /** nfdump's code for BZ2. */
    int BZ2 = 2;
    /** nfdump's code for LZ4. */
    int LZ4 = 3;
    /** nfdump's code for ZSTD (nfdump 1.7.2 and later). */
    int ZSTD = 4;

    /** Whether this provider decompresses blocks of nfdump compression {@code code}. */
    boolean supports(int code);

    /**
     * Decompresses one block.
     *
     * @return the number of bytes written to {@code out}
     * @throws IllegalArgumentException when the block does not decompress or does not fit
     *     {@code out} (the message says why)
     */
    int decompress(int code, byte[] in, int inLength, byte[] out);

    /** The providers on the class or module path, in {@link ServiceLoader} order. */
    static List<NfcapdBlocks> installed() {
        return ServiceLoader.load(NfcapdBlocks.class, NfcapdBlocks.class.getClassLoader()).stream()
                .map(ServiceLoader.Provider::get).toList();
    }
}
