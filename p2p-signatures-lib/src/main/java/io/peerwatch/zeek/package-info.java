/**
 * Generic Zeek log reading, TSV with {@code #} headers or JSON lines, into
 * {@link io.peerwatch.zeek.ZeekRow}s with typed accessors: the base for conn.log
 * ({@link io.peerwatch.flowfile.ZeekConnReader}) and http.log readers.
 */
package io.peerwatch.zeek;
