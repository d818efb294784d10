/**
 * Domain blacklists: hosts-file and DansGuardian lists parsed by
 * {@link io.peerwatch.blacklist.BlacklistParser} into a compact immutable
 * {@link io.peerwatch.blacklist.DomainBlacklist} with suffix matching, swapped atomically on
 * reload by {@link io.peerwatch.blacklist.BlacklistHolder}; BLACKLISTED_HOST from
 * {@link io.peerwatch.blacklist.BlacklistDetector}.
 */
package io.peerwatch.blacklist;
