package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.port.Notifier;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.notify.DeliveryPolicy;
import dev.upwatch.notify.WebhookNotifier;
import dev.upwatch.core.definition.ChannelDefinitions;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;

/**
 * Notification channels from the configuration file and the admin API ({@link ChannelDefinitions}): they plan the
 * messages of every status change and incident event, which the core commits with the fact (the transition journal),
 * and watch every check for expiring certificates.
 */
public final class NotifyModule extends AbstractModule {

    @Override
    protected void configure() {
        Multibinder.newSetBinder(binder(), NotificationPlanner.class).addBinding().to(WebhookNotifier.class);
    }

    /** Told of every check (certificates); status changes and incidents reach it as a planner instead. */
    @ProvidesIntoSet
    Notifier certificateWatch(WebhookNotifier notifier) {
        return notifier.certificates();
    }

    @Provides
    @Singleton
    WebhookNotifier webhookNotifier(ChannelDefinitions<ChannelSettings> channels, PageConfig page, Clock clock,
                                    OutboxStore outbox, UpwatchConfig config) {
        WebhookNotifier notifier = new WebhookNotifier(channels.channels(), clock, page.publicUrl(),
                DeliveryPolicy.defaults(), outbox, config.egress());
        // Every change of the channels reaches the notifier before it is made; it refuses two channels with one id.
        channels.subscribe(notifier::replaceChannels);
        return notifier;
    }
}
