/**
 * Not API: helpers the library's own packages share and that other programs should not call
 * (they may change in any release). {@link io.peerwatch.internal.StateBinary} holds the bounded
 * binary form behind the {@code writeTo}/{@code readFrom} methods of the mutable state classes.
 */
package io.peerwatch.internal;
