/**
 * The job's Flink functions: thin shells over library code that own state, timers and keying and
 * take and return library types. Detection logic is never here: windows call the library's
 * detectors ({@link io.peerwatch.job.operators.FlowWindows} for every flow detector,
 * {@link io.peerwatch.job.operators.TunnelShapeWindow}, {@link io.peerwatch.job.operators.VolumeFunction},
 * {@link io.peerwatch.job.operators.ProxyRulesFunction}, {@link io.peerwatch.job.operators.FlowInspectFunction}
 * for packets); alerts are priced by {@link io.peerwatch.job.operators.AlertCostFunction} and
 * suppressed by {@link io.peerwatch.job.operators.AlertSuppressionFunction}; dead letters are
 * split off by {@link io.peerwatch.job.operators.SplitDeadLetters}.
 */
package io.peerwatch.job.operators;
