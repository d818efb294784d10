package io.peerwatch.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Certificates for a local TLS listener, made with the JDK's own {@code keytool} (no network, no
 * extra library): a throw-away certificate authority, a broker certificate for
 * {@code IP:127.0.0.1} and a client certificate (mutual TLS), all signed by that authority, in
 * PKCS12 stores that share one random password.
 *
 * @param truststore the authority's certificate (clients and broker trust it)
 * @param brokerKeystore the broker's key and certificate chain (SAN {@code IP:127.0.0.1})
 * @param clientKeystore a client's key and certificate chain ({@code CN=peerwatch-client})
 * @param password password of every store and key
 */
public record LocalTls(Path truststore, Path brokerKeystore, Path clientKeystore, String password) {

    /** Validity of the certificates, days: they live as long as a test or a demo. */
    public static final int VALIDITY_DAYS = 2;
    /** Store type of every store (the JDK's default and Kafka's {@code PKCS12}). */
    public static final String STORE_TYPE = "PKCS12";
    /** keytool runs in a few seconds; a guard against a hung tool, not a synchronisation. */
    private static final long KEYTOOL_TIMEOUT_S = 120;

    /**
     * Generates the authority and the three stores in {@code dir} (created if missing).
     *
     * @throws IllegalStateException with keytool's output when a step fails
     */
    public static LocalTls generate(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        String pw = HexFormat.of().formatHex(secret);
        Path ca = dir.resolve("ca.p12");
        Path caPem = dir.resolve("ca.pem");
        LocalTls tls = new LocalTls(dir.resolve("truststore.p12"), dir.resolve("broker.p12"), dir.resolve("client.p12"), pw);
        keytool(dir, pw, "-genkeypair", "-alias", "ca", "-dname", "CN=PeerWatch local test CA", "-ext", "bc:c",
                "-keystore", ca.toString());
        keytool(dir, pw, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-file", caPem.toString());
        keytool(dir, pw, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(),
                "-keystore", tls.truststore().toString());
        signed(dir, pw, ca, caPem, tls.brokerKeystore(), "broker", "CN=127.0.0.1", "san=ip:127.0.0.1");
        signed(dir, pw, ca, caPem, tls.clientKeystore(), "client", "CN=peerwatch-client", null);
        return tls;
    }

    /** A key pair in {@code store} whose certificate the authority signs (with {@code ext}, if any). */
    private static void signed(Path dir, String pw, Path ca, Path caPem, Path store, String alias, String dname, String ext) {
        Path csr = dir.resolve(alias + ".csr");
        Path crt = dir.resolve(alias + ".pem");
        keytool(dir, pw, "-genkeypair", "-alias", alias, "-dname", dname, "-keystore", store.toString());
        keytool(dir, pw, "-certreq", "-alias", alias, "-keystore", store.toString(), "-file", csr.toString());
        List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", ca.toString(),
                "-infile", csr.toString(), "-outfile", crt.toString()));
        if (ext != null) {
            gencert.addAll(List.of("-ext", ext));
        }
        keytool(dir, pw, gencert.toArray(String[]::new));
        keytool(dir, pw, "-importcert", "-noprompt", "-alias", "ca", "-file", caPem.toString(), "-keystore", store.toString());
        keytool(dir, pw, "-importcert", "-alias", alias, "-file", crt.toString(), "-keystore", store.toString());
    }

    private static void keytool(Path dir, String pw, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        boolean makesKey = args[0].equals("-genkeypair");
        if (makesKey) {
            // EC keys: generated in milliseconds, accepted by every TLS 1.2/1.3 peer.
            cmd.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-validity", Integer.toString(VALIDITY_DAYS)));
        }
        if (args[0].equals("-gencert")) {
            cmd.addAll(List.of("-validity", Integer.toString(VALIDITY_DAYS)));
        }
        // The password goes through the environment, never on a command line other users can list.
        cmd.addAll(List.of("-storetype", STORE_TYPE, "-storepass:env", "PEERWATCH_TLS_PW"));
        if (makesKey) {
            cmd.addAll(List.of("-keypass:env", "PEERWATCH_TLS_PW"));
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("PEERWATCH_TLS_PW", pw);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(KEYTOOL_TIMEOUT_S, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("keytool " + args[0] + " failed: " + new String(out, StandardCharsets.UTF_8).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run keytool", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
