/**
 * The notice framework, after Zeek's: {@link io.peerwatch.notice.Alert} (a verdict about one host
 * in one window, with its evidence, bytes and cost), deterministic alert ids
 * ({@link io.peerwatch.notice.AlertIds}: replays and restarts give the same id) and the
 * suppression policy ({@link io.peerwatch.notice.NoticePolicy}: one alert per type, host and
 * identifier per interval, per-type intervals with a default). The job enforces the policy in its
 * suppression operator.
 */
package io.peerwatch.notice;
