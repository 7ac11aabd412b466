package dev.upwatch.web.auth;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.port.ApiTokenStore;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.ServerConfig;

import java.time.Clock;

/** Authentication: the API tokens (stored and configured) and the filter that guards every request. */
public final class AuthModule extends AbstractModule {

    @Provides
    @Singleton
    ApiTokens apiTokens(ApiTokenStore store, ServerConfig server, Clock clock) {
        return new ApiTokens(store, server.access().tokens(), clock);
    }

    @Provides
    @Singleton
    AccessFilter accessFilter(ApiTokens tokens, ServerConfig server, PageConfig page, Clock clock) {
        return new AccessFilter(tokens, server.access(), page.logoUrl(), clock);
    }
}
