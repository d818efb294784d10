/**
 * Flink types of the library's values and state: {@link io.peerwatch.job.types.LibraryTypes}
 * (the one place operators take type information from), the generic
 * {@link io.peerwatch.job.types.LibraryTypeInfo} / {@link io.peerwatch.job.types.LibrarySerializer}
 * pair, and the {@link io.peerwatch.job.types.LibraryCodec}s that write each type without Kryo.
 */
package io.peerwatch.job.types;
