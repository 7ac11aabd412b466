package dev.upwatch.web.auth;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.ApiTokenStore;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.web.config.UpwatchConfig;
import dev.upwatch.web.config.ServerConfig;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Authentication and hardening: the API tokens (stored and configured), the filter that guards every request, and the
 * security headers the web server puts on every answer.
 */
public final class AuthModule extends AbstractModule {

    @Provides
    @Singleton
    ApiTokens apiTokens(ApiTokenStore store, ServerConfig server, Clock clock) {
        return new ApiTokens(store, server.access().tokens(), clock);
    }

    @Provides
    @Singleton
    AccessFilter accessFilter(ApiTokens tokens, ServerConfig server, Clock clock) {
        return new AccessFilter(tokens, server.access(), clock);
    }

    @Provides
    @Singleton
    SecurityHeaders securityHeaders(UpwatchConfig config) {
        List<URI> logos = new ArrayList<>();
        config.page().logoUrl().ifPresent(logos::add);
        config.pages().forEach(page -> page.logoUrl().ifPresent(logos::add));
        return new SecurityHeaders(logos);
    }
}
