/**
 * Flow files for offline analysis: captures of export datagrams, nfcapd files, nfdump CSV and Zeek conn.log,
 * all read as {@link io.peerwatch.core.FlowRecord} streams through
 * {@link io.peerwatch.flowfile.FlowFiles#open}; bad lines are {@link io.peerwatch.flowfile.FlowFileException}s
 * naming file, line and reason, thrown or skipped as the caller chooses.
 */
package io.peerwatch.flowfile;
