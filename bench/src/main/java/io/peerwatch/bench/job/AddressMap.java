package io.peerwatch.bench.job;

/** Maps a host address of the corpus (4 or 16 bytes, network order) to the address of a copy. */
@FunctionalInterface
interface AddressMap {

    /** The copy's address; may return {@code address} itself. Never modifies its argument. */
    byte[] map(byte[] address);

    /** Leaves every address alone. */
    AddressMap IDENTITY = a -> a;
}
