/**
 * Flink SQL and Table API functions over the PeerWatch detection library, for Flink SQL users
 * who want PeerWatch's judgements in their own queries: register them from the functions jar
 * ({@code ADD JAR '.../flink-sql-functions-<version>-sql.jar'}, then
 * {@code CREATE FUNCTION p2p_protocol AS 'io.peerwatch.sql.P2pProtocol'}), or all at once from
 * Java with {@link io.peerwatch.sql.PeerWatchFunctions#ALL}.
 *
 * <p>Every function is a thin wrapper: the decision is the library's (the signature engine, the
 * P2P port table, the DNS-tunnel signature's per-query reasons, the proxy CONNECT rules, the
 * blacklists). Settings come from the job parameters under the keys of PeerWatch's one
 * configuration ({@code files.port-table}, {@code files.blacklists}; see docs/CONFIGURATION.md),
 * set in SQL with {@code SET 'pipeline.global-job-parameters' = 'files.blacklists:/etc/lists/hosts.txt'}.
 */
package io.peerwatch.sql;
