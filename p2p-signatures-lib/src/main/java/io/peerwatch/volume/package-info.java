/**
 * Volume and cost: {@link io.peerwatch.volume.Tariff} (MB = 10^6 bytes), sliding hour/day
 * {@link io.peerwatch.volume.VolumeMeter}s per {@link io.peerwatch.volume.VolumeKey} (user or
 * address), the VOLUME_QUOTA {@link io.peerwatch.volume.VolumeDetector}, and the
 * {@link io.peerwatch.volume.VolumeTally} / {@link io.peerwatch.volume.VolumeReport} table.
 */
package io.peerwatch.volume;
