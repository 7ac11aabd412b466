package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.core.port.IncidentListener;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.notify.DeliveryPolicy;
import dev.upwatch.notify.WebhookNotifier;
import dev.upwatch.web.admin.ChannelDirectory;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;

/**
 * Notification channels from the configuration file and the admin API ({@link ChannelDirectory}), told of every status
 * change and every incident event.
 */
public final class NotifyModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), Notifier.class).addBinding().to(WebhookNotifier.class);
        Multibinder.newSetBinder(binder(), IncidentListener.class).addBinding().to(WebhookNotifier.class);
    }

    @Provides
    @Singleton
    WebhookNotifier webhookNotifier(ChannelDirectory channels, PageConfig page, Clock clock, OutboxStore outbox,
                                    UpwatchConfig config) {
        return new WebhookNotifier(channels.channels(), clock, page.publicUrl(), DeliveryPolicy.defaults(), outbox,
                config.egress());
    }
}
