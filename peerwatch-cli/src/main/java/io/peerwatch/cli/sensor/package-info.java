/**
 * {@code peerwatch sensor netflow|proxy|pcap}: command-line front ends of the sensors in the
 * {@code sensor} module, with endpoint and size options and a graceful stop on SIGTERM.
 */
package io.peerwatch.cli.sensor;
