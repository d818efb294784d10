/**
 * CEF alerts to a syslog receiver: RFC 5424 messages over TCP with RFC 6587 octet-counting
 * framing, optionally over TLS (RFC 5425, which frames the same way).
 */
package io.peerwatch.job.syslog;
