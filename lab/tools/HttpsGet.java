import javax.net.ssl.*;
import java.io.*;
import java.net.*;
import java.security.cert.X509Certificate;
/**
 * The PeerWatch lab's Java HTTPS client: one GET through {@code HttpsURLConnection}, as many Java
 * programs fetch a file (JDK's default TLS settings: TLS 1.3, SNI, no ALPN). Trusts the lab's
 * self-signed server. Run as a single-file program: {@code java lab/tools/HttpsGet.java URL}.
 */
public class HttpsGet {
    public static void main(String[] a) throws Exception {
        TrustManager[] all = {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String t) {}
            public void checkServerTrusted(X509Certificate[] c, String t) {}
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }}};
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, all, null);
        HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
        HttpsURLConnection.setDefaultHostnameVerifier((h, s) -> true);
        HttpsURLConnection c = (HttpsURLConnection) new URL(a[0]).openConnection();
        long n = 0;
        try (InputStream in = c.getInputStream()) { byte[] b = new byte[8192]; int r; while ((r = in.read(b)) > 0) n += r; }
        System.out.println(n);
    }
}
