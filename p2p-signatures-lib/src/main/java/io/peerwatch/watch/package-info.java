/**
 * Confidential-search watch: {@link io.peerwatch.watch.WatchList} finds watch-words and decoy
 * file names as whole words in URLs and P2P search strings / file names;
 * {@link io.peerwatch.watch.WatchDetector} turns hits into CONFIDENTIAL_SEARCH alerts.
 */
package io.peerwatch.watch;
