/** State at scale with the RocksDB state backend (issue 14). */
package io.peerwatch.bench.state;
