package io.peerwatch.job.syslog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.peerwatch.job.CefFormat;
import io.peerwatch.job.testing.CefParser;
import io.peerwatch.job.testing.SyslogListener;
import io.peerwatch.job.types.LibraryTypeSamplesAccess;
import io.peerwatch.notice.Alert;
import io.peerwatch.testing.Await;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Syslog over TLS (RFC 5425) to a listener on 127.0.0.1 with a certificate made for the test by
 * the JDK's keytool: the writer checks the receiver against syslog.truststore and the frames
 * arrive whole; a receiver the trust store does not vouch for is refused.
 */
class SyslogTlsTest {

    private static final String PASSWORD = "changeit";

    @TempDir
    static Path dir;

    @BeforeAll
    static void certificates() throws Exception {
        keytool("-genkeypair", "-alias", "syslog", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", dir.resolve("server.p12").toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-alias", "syslog", "-keystore", dir.resolve("server.p12").toString(), "-storepass",
                PASSWORD, "-file", dir.resolve("server.der").toString());
        keytool("-importcert", "-noprompt", "-alias", "syslog", "-file", dir.resolve("server.der").toString(),
                "-keystore", dir.resolve("trust.p12").toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-genkeypair", "-alias", "other", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=other",
                "-validity", "2", "-keystore", dir.resolve("other.p12").toString(), "-storetype", "PKCS12",
                "-storepass", PASSWORD);
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], out).isZero();
    }

    private static SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("server.p12"))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    private static SyslogConfig config(int port, String truststore) {
        return new SyslogConfig("127.0.0.1", port, true, truststore, PASSWORD, SyslogConfig.DEFAULT_FACILITY,
                SyslogConfig.DEFAULT_APP_NAME, "sensor-tls");
    }

    @Test
    void framesArriveOverTlsWhenTheTrustStoreVouchesForTheReceiver() throws Exception {
        Alert[] alerts = LibraryTypeSamplesAccess.alerts();
        try (SyslogListener listener = new SyslogListener(serverContext().getServerSocketFactory())) {
            SyslogSink.Writer w = new SyslogSink.Writer(config(listener.port(), dir.resolve("trust.p12").toString()));
            for (Alert a : alerts) {
                w.write(a, null);
            }
            w.flush(false);
            Await.until("every alert over TLS", () -> listener.messages().size() >= alerts.length,
                    () -> listener.messages() + " " + listener.errors());
            w.close();
            assertThat(listener.errors()).isEmpty();
            for (int i = 0; i < alerts.length; i++) {
                String m = listener.messages().get(i);
                assertThat(m).contains(" sensor-tls peerwatch - " + alerts[i].type().name() + " - CEF:0|");
                assertThat(CefParser.parse(m.substring(m.indexOf("CEF:0|"))).extension().get("externalId"))
                        .isEqualTo(alerts[i].id());
                assertThat(m.substring(m.indexOf("CEF:0|"))).isEqualTo(CefFormat.toCef(alerts[i]));
            }
        }
    }

    @Test
    void aReceiverOutsideTheTrustStoreIsRefused() throws Exception {
        try (SyslogListener listener = new SyslogListener(serverContext().getServerSocketFactory())) {
            SyslogSink.Writer w = new SyslogSink.Writer(config(listener.port(), dir.resolve("other.p12").toString()));
            assertThatThrownBy(() -> w.write(LibraryTypeSamplesAccess.alerts()[0], null)).isInstanceOf(IOException.class);
            w.close();
            assertThat(listener.messages()).isEmpty();
        }
    }
}
