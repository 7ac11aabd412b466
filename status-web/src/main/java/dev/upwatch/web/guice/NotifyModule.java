package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.notify.WebhookNotifier;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;

/** Notification channels from the configuration, told of every status change and every incident event. */
public final class NotifyModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Notifier.class).addBinding().to(WebhookNotifier.class);
        Multibinder.newSetBinder(binder(), IncidentListener.class).addBinding().to(WebhookNotifier.class);
    }

    @Provides
    @Singleton
    WebhookNotifier webhookNotifier(UpwatchConfig config, PageConfig page, Clock clock, OutboxStore outbox) {
        return WebhookNotifier.create(config.notifications(), clock, page.publicUrl(), outbox);
    }
}
