package io.peerwatch.job.syslog;

import java.io.Serializable;

/**
 * Where and how CEF alerts go over syslog (the {@code syslog.*} keys).
 *
 * @param host the receiver's host name or address
 * @param port its TCP port
 * @param tls whether to speak TLS (RFC 5425)
 * @param truststore PKCS12 trust store for the receiver's certificate; empty: the JVM's default
 * @param truststorePassword its password
 * @param facility the syslog facility, 0-23
 * @param appName APP-NAME of the messages (1-48 printable ASCII characters)
 * @param hostname HOSTNAME of the messages; empty: this machine's name
 */
public record SyslogConfig(String host, int port, boolean tls, String truststore, String truststorePassword,
        int facility, String appName, String hostname) implements Serializable {

    private static final long serialVersionUID = 1L;
    /** The usual syslog-over-TCP port. */
    public static final int DEFAULT_PORT = 514;
    /** local0 (RFC 5424 6.2.1, facility 16). */
    public static final int DEFAULT_FACILITY = 16;
    /** APP-NAME of PeerWatch's messages. */
    public static final String DEFAULT_APP_NAME = "peerwatch";
    private static final int MAX_FACILITY = 23;
    private static final int MAX_PORT = 0xffff;
    private static final int MAX_APP_NAME = 48;

    public SyslogConfig {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("syslog.host must be set");
        }
        if (port < 1 || port > MAX_PORT) {
            throw new IllegalArgumentException("syslog.port out of range: " + port);
        }
        if (facility < 0 || facility > MAX_FACILITY) {
            throw new IllegalArgumentException("syslog.facility must be 0-23: " + facility);
        }
        if (appName == null || appName.isEmpty() || appName.length() > MAX_APP_NAME || !SyslogMessage.printable(appName)) {
            throw new IllegalArgumentException("syslog.app-name must be 1-48 printable ASCII characters: " + appName);
        }
        if (truststore == null || truststorePassword == null || hostname == null) {
            throw new IllegalArgumentException("syslog settings must not be null");
        }
    }

    /** Plain TCP to host:port with the defaults. */
    public static SyslogConfig tcp(String host, int port) {
        return new SyslogConfig(host, port, false, "", "", DEFAULT_FACILITY, DEFAULT_APP_NAME, "");
    }
}
