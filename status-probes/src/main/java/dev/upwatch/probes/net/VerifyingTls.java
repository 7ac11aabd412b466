package dev.upwatch.probes.net;

import dev.upwatch.core.probe.ProbeEnvironment;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Objects;

/**
 * The verifying TLS context of one probe environment: the JDK's trusted roots, with the server certificate's dates
 * checked first on the environment's clock ({@link ExpiryFirstTrustManager}). One per environment, shared by every
 * probe that speaks TLS, since loading the trusted roots costs time and memory.
 */
public final class VerifyingTls implements AutoCloseable {
    private final SSLContext context;
    private final TrustManager[] trustManagers;

    private VerifyingTls(Clock clock) {
        try {
            trustManagers = ExpiryFirstTrustManager.wrapping(null, clock);
            context = SSLContext.getInstance("TLS");
            context.init(null, trustManagers, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS context: " + e.getMessage(), e);
        }
    }

    /** The context of {@code environment}, made on first use. */
    public static SSLContext of(ProbeEnvironment environment) {
        return shared(environment).context;
    }

    /** The trust managers of that context, for a client library that builds its own TLS context. */
    public static TrustManager[] trustManagers(ProbeEnvironment environment) {
        return shared(environment).trustManagers.clone();
    }

    private static VerifyingTls shared(ProbeEnvironment environment) {
        Objects.requireNonNull(environment, "environment");
        return environment.shared(VerifyingTls.class, VerifyingTls.class, () -> new VerifyingTls(environment.clock()));
    }

    /** Nothing to release: the context holds no threads or sockets. */
    @Override
    public void close() {
    }
}
