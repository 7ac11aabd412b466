package dev.upwatch.probes.net;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Objects;

/**
 * Verifies a server's certificate chain as the JDK does, but first checks that the server's own certificate is within
 * its validity dates, so an expired certificate is reported as "certificate expired on 2026-11-20" rather than as the
 * JDK's "unable to find valid certification path to requested target" (its path builder skips an expired certificate
 * and then finds no path). The dates are read on the probe environment's clock.
 */
public final class ExpiryFirstTrustManager extends X509ExtendedTrustManager {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private final X509ExtendedTrustManager delegate;
    private final Clock clock;

    ExpiryFirstTrustManager(X509ExtendedTrustManager delegate, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The JDK's default trust managers (the {@code cacerts} roots, or {@code trustStore}), each checking dates first. */
    public static TrustManager[] wrapping(KeyStore trustStore, Clock clock) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trustStore);
        return wrap(factory.getTrustManagers(), clock);
    }

    /** {@code managers} with every X.509 one checking dates first. */
    public static TrustManager[] wrap(TrustManager[] managers, Clock clock) {
        return Arrays.stream(managers).map(manager -> manager instanceof X509ExtendedTrustManager x509
                ? new ExpiryFirstTrustManager(x509, clock) : manager).toArray(TrustManager[]::new);
    }

    /**
     * Fails when the server's certificate is outside its validity dates.
     *
     * @throws CertificateExpiredException       "certificate expired on 2026-11-20"
     * @throws CertificateNotYetValidException   "certificate not valid before 2027-01-01"
     */
    void checkDates(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            return;
        }
        Instant now = clock.instant();
        X509Certificate leaf = chain[0];
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            throw new CertificateExpiredException("certificate expired on " + DAY.format(leaf.getNotAfter().toInstant()));
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            throw new CertificateNotYetValidException("certificate not valid before "
                    + DAY.format(leaf.getNotBefore().toInstant()));
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkDates(chain);
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkDates(chain);
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        checkDates(chain);
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        delegate.checkClientTrusted(chain, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
