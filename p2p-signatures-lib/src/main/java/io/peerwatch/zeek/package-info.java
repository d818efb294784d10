/**
 * Generic Zeek log reading, TSV with {@code #} headers or JSON lines, into
 * {@link io.peerwatch.zeek.ZeekRow}s with typed accessors: {@link io.peerwatch.zeek.ZeekLogReader}
 * for files and readers, {@link io.peerwatch.zeek.ZeekLineParser} for lines that arrive one at a
 * time. The base for the conn.log ({@link io.peerwatch.flowfile.ZeekConnReader}) and http.log
 * (the proxy-log parser) readers.
 */
package io.peerwatch.zeek;
