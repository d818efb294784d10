/**
 * The job's configuration file and flags: its own keys ({@link io.peerwatch.job.config.JobKeys}),
 * the YAML reader that keeps line numbers ({@link io.peerwatch.job.config.YamlConfigFile}), the
 * ordered command-line uses ({@link io.peerwatch.job.config.ConfigArgs}) and the job jar's
 * picocli-free argument parser ({@link io.peerwatch.job.config.JobArgs}).
 */
package io.peerwatch.job.config;
