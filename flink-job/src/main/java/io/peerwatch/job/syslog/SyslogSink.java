package io.peerwatch.job.syslog;

import io.peerwatch.notice.Alert;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Sends every alert as a CEF syslog message ({@link SyslogMessage}) to one receiver over TCP or
 * TLS. Each parallel writer keeps one connection, opened at the first alert; it flushes at every
 * checkpoint and at the end of input, so an alert is on the wire before the checkpoint that
 * covers it completes (at least once: after a failure the job replays from the last checkpoint
 * and a receiver may see an alert twice; its {@code externalId} tells repeats apart). A write
 * that fails is retried once on a new connection, then fails the job (Flink restarts it).
 */
public final class SyslogSink implements Sink<Alert> {

    private static final long serialVersionUID = 1L;
    /** How long to wait for the receiver to accept a connection, in ms. */
    public static final int CONNECT_TIMEOUT_MS = 10_000;

    private final SyslogConfig config;

    public SyslogSink(SyslogConfig config) {
        this.config = config;
    }

    @Override
    public SinkWriter<Alert> createWriter(WriterInitContext context) {
        return new Writer(config);
    }

    /** One connection to the receiver. */
    static final class Writer implements SinkWriter<Alert> {
        private final SyslogConfig config;
        private final String hostname;
        private Socket socket;
        private OutputStream out;

        Writer(SyslogConfig config) {
            this.config = config;
            this.hostname = config.hostname().isEmpty() ? localName() : config.hostname();
        }

        @Override
        public void write(Alert a, Context context) throws IOException {
            byte[] frame = SyslogMessage.framed(a, config, hostname);
            try {
                connection().write(frame);
            } catch (IOException first) {
                closeQuietly();
                try {
                    connection().write(frame);
                } catch (IOException second) {
                    second.addSuppressed(first);
                    throw second;
                }
            }
        }

        @Override
        public void flush(boolean endOfInput) throws IOException {
            if (out != null) {
                out.flush();
            }
        }

        @Override
        public void close() throws IOException {
            try {
                flush(true);
            } finally {
                closeQuietly();
            }
        }

        private OutputStream connection() throws IOException {
            if (out == null) {
                Socket s = config.tls() ? tlsSocket() : new Socket();
                s.connect(new InetSocketAddress(config.host(), config.port()), CONNECT_TIMEOUT_MS);
                if (s instanceof SSLSocket ssl) {
                    ssl.startHandshake();
                }
                socket = s;
                out = new BufferedOutputStream(s.getOutputStream());
            }
            return out;
        }

        private Socket tlsSocket() throws IOException {
            try {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                if (config.truststore().isEmpty()) {
                    tmf.init((KeyStore) null);
                } else {
                    KeyStore ks = KeyStore.getInstance("PKCS12");
                    try (InputStream in = Files.newInputStream(Path.of(config.truststore()))) {
                        ks.load(in, config.truststorePassword().toCharArray());
                    }
                    tmf.init(ks);
                }
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
                SSLParameters p = s.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS"); // check the certificate names syslog.host
                s.setSSLParameters(p);
                return s;
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot set up TLS for syslog " + config.host() + ":" + config.port() + ": " + e, e);
            }
        }

        private void closeQuietly() {
            out = null;
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // a broken connection is being replaced; nothing to save
                }
                socket = null;
            }
        }

        private static String localName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return "";
            }
        }
    }

    /** For error messages. */
    @Override
    public String toString() {
        return "syslog " + config.host() + ":" + config.port() + (config.tls() ? " (TLS)" : "");
    }

}
