package dev.upwatch.web.auth;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.account.AccountStore;
import dev.upwatch.core.account.Accounts;
import dev.upwatch.core.account.AuditLog;
import dev.upwatch.core.account.SessionStore;
import dev.upwatch.core.account.Sessions;
import dev.upwatch.core.port.ApiTokenStore;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.config.ServerConfig;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Authentication and hardening: the API tokens (stored and configured), the filter that guards every request, the
 * console's sign-in, sessions and gate (sharing the API's failure throttle and password-check bounds), and the security
 * headers the web server puts on every answer.
 */
public final class AuthModule extends AbstractModule {

    @Provides
    @Singleton
    ApiTokens apiTokens(ApiTokenStore store, ServerConfig server, Clock clock) {
        return new ApiTokens(store, server.access().tokens(), clock);
    }

    @Provides
    @Singleton
    FailureThrottle failureThrottle(Clock clock) {
        return new FailureThrottle(clock);
    }

    @Provides
    @Singleton
    PasswordChecks passwordChecks() {
        return PasswordChecks.forThisMachine();
    }

    @Provides
    @Singleton
    AccessFilter accessFilter(ApiTokens tokens, ServerConfig server, FailureThrottle throttle, PasswordChecks passwords,
                              AuditLog audit, Clock clock) {
        return new AccessFilter(tokens, server.access(), throttle, passwords, audit, clock);
    }

    @Provides
    @Singleton
    Sessions sessions(SessionStore sessions, AccountStore accounts, Clock clock) {
        return new Sessions(sessions, accounts, clock);
    }

    @Provides
    @Singleton
    ConsoleSignIn consoleSignIn(Accounts accounts, Sessions sessions, FailureThrottle throttle, PasswordChecks passwords,
                                ServerConfig server, AuditLog audit, Clock clock) {
        return new ConsoleSignIn(accounts, sessions, throttle, passwords, new ClientAddress(server.access().trustedProxies()),
                audit, clock);
    }

    @Provides
    @Singleton
    ConsoleGate consoleGate(Sessions sessions, AuditLog audit, Clock clock) {
        return new ConsoleGate(sessions, audit, clock);
    }

    @Provides
    @Singleton
    SecurityHeaders securityHeaders(UpwatchConfig config, dev.upwatch.web.reader.PageSettings settings) {
        List<URI> others = new ArrayList<>();
        config.pages().forEach(page -> page.logoUrl().ifPresent(others::add));
        // The default page's logo is read at each answer: the console may replace the file's.
        return new SecurityHeaders(() -> {
            List<URI> logos = new ArrayList<>(others);
            settings.get().logoUrl().ifPresent(logos::add);
            return logos;
        });
    }
}
