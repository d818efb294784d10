/**
 * Inputs of {@code peerwatch policy export}: alerts from ECS JSON lines ({@link
 * io.peerwatch.cli.policy.EcsAlerts}, what {@code analyze} prints and the job writes to the JSON
 * alert topic) and from an alert topic ({@link io.peerwatch.cli.policy.AlertTopic}).
 */
package io.peerwatch.cli.policy;
