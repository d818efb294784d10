/**
 * JMH micro-benchmarks (signatures, flow table, classification, proxy parsing, blacklists) and
 * helpers of the end-to-end drivers; results and commands are recorded in {@code BENCHMARKS.md}.
 * Never run as tests.
 */
package io.peerwatch.bench;
