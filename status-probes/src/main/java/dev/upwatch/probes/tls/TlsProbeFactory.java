package dev.upwatch.probes.tls;

import dev.upwatch.core.probe.InvalidSettingException;
import dev.upwatch.core.probe.Probe;
import dev.upwatch.core.probe.ProbeEnvironment;
import dev.upwatch.core.probe.ProbeFactory;
import dev.upwatch.core.probe.ProbeSettings;
import dev.upwatch.probes.net.VerifyingTls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Builds {@code tls} probes, which complete a TLS handshake with {@code host}:{@code port} and read the server's
 * certificate.
 *
 * <p>Settings: {@code host} and {@code port} (required), {@code server-name} (SNI and the name the certificate must
 * match; default the host) and {@code insecure} (false: the certificate chain and name are verified against the
 * JDK's trusted roots).
 */
public final class TlsProbeFactory implements ProbeFactory {

    @Override
    public String type() {
        return "tls";
    }

    /** Validates the settings; the probe can reach nothing ({@link ProbeEnvironment#offline()}). */
    @Override
    public Probe create(ProbeSettings settings) {
        return create(settings, ProbeEnvironment.offline());
    }

    @Override
    public Probe create(ProbeSettings settings, ProbeEnvironment environment) {
        String host = hostName(settings.requireString("host").trim(), "host");
        settings.requireString("port");
        int port = settings.integer("port", 0, 1, 65_535);
        String serverName = hostName(settings.string("server-name").map(String::trim).orElse(host), "server-name");
        boolean insecure = settings.bool("insecure", false);
        return new TlsProbe(environment, host, port, serverName,
                insecure ? trustEverything() : VerifyingTls.of(environment).getSocketFactory(), !insecure);
    }

    @Override
    public List<String> defaultConditions() {
        return List.of("[CONNECTED] == true", "[CERTIFICATE_EXPIRATION] > 72h");
    }

    private static String hostName(String name, String key) {
        if (name.isEmpty() || name.chars().anyMatch(c -> Character.isWhitespace(c) || c == '/')) {
            throw new InvalidSettingException(key, "'" + name + "' is not a host name or address");
        }
        return name;
    }

    /** Accepts any certificate chain; host names go unchecked because no trust manager checks them. */
    private static SSLSocketFactory trustEverything() {
        TrustManager trustAll = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trustAll}, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not set up TLS without verification: " + e.getMessage(), e);
        }
    }
}
