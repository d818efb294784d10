/**
 * Flink type information of the library values and state that travel between the job's operators
 * ({@link io.peerwatch.job.types.LibraryTypes}): the one place operators take their types from.
 */
package io.peerwatch.job.types;
