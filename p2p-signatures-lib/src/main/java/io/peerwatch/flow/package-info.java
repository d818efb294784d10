/**
 * Bidirectional flow tracking: {@link io.peerwatch.flow.FlowTable} groups decoded packets into
 * oriented flows, drives the signature engine per flow, and emits each flow's final
 * {@link io.peerwatch.flow.Flow} (convertible to NetFlow-like
 * {@link io.peerwatch.core.FlowRecord} records) through a {@link io.peerwatch.flow.FlowListener}.
 */
package io.peerwatch.flow;
