package dev.upwatch.web.subscription;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.service.PublicMaintenanceQuery;
import dev.upwatch.core.port.NotificationPlanner;
import dev.upwatch.core.port.OutboxStore;
import dev.upwatch.core.port.SubscriptionStore;
import dev.upwatch.core.probe.NameResolver;
import dev.upwatch.core.service.PublicIncidentQuery;
import dev.upwatch.core.service.PublicStatusQuery;
import dev.upwatch.notify.DeliveryPolicy;
import dev.upwatch.notify.SubscriberNotifier;
import dev.upwatch.notify.SubscriberSettings;
import dev.upwatch.notify.subscription.SubscriptionTokens;
import dev.upwatch.notify.subscription.Subscriptions;
import dev.upwatch.persistence.Database;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.SubscriptionConfig;
import dev.upwatch.web.config.UpwatchConfig;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Readers' subscriptions, when the file has a {@code subscriptions} section: the subscribers' planner joins the
 * transition journal's planners, so that each incident event and its subscriber messages commit together.
 */
public final class SubscriptionModule extends AbstractModule {
    private final Optional<SubscriptionConfig> config;

    public SubscriptionModule(Optional<SubscriptionConfig> config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    protected void configure() {
        Multibinder<NotificationPlanner> planners = Multibinder.newSetBinder(binder(), NotificationPlanner.class);
        if (config.isPresent()) {
            planners.addBinding().to(SubscriberNotifier.class);
            install(new Offered());
        } else {
            bind(SubscriptionOffer.class).toInstance(SubscriptionOffer.none());
        }
    }

    @Provides
    @Singleton
    SubscriptionStore subscriptionStore(Database database) {
        return database.subscriptionStore();
    }

    /** What exists only while subscriptions are offered (a production injector builds every singleton it has). */
    private static final class Offered extends AbstractModule {
        /**
         * The subscribers' planner. Public visibility is read through a provider: the public status view needs the
         * engine, whose journal needs this planner.
         */
        @Provides
        @Singleton
        SubscriberNotifier subscriberNotifier(UpwatchConfig file, PageConfig page, SubscriptionStore store, Clock clock,
                                              OutboxStore outbox, Provider<PublicStatusQuery> status) {
            SubscriptionConfig settings = file.subscriptions().orElseThrow();
            return new SubscriberNotifier(new SubscriberSettings(page.title(), page.publicUrl().orElseThrow(),
                    settings.smtp().map(smtp -> SubscriberSettings.mail(smtp, settings.from().orElseThrow(),
                            settings.username(), settings.password())),
                    new SubscriptionTokens(settings.secret()), settings.sendEvery()), store.all(),
                    incident -> PublicIncidentQuery.visible(incident, id -> status.get().isHidden(id)), clock,
                    DeliveryPolicy.defaults(), outbox, file.egress());
        }

        @Provides
        @Singleton
        SubscriptionOffer offer(UpwatchConfig file, Provider<SubscriberNotifier> notifier, SubscriptionStore store,
                                Clock clock, Provider<PublicStatusQuery> status, Provider<PublicMaintenanceQuery> maintenance) {
            SubscriptionConfig settings = file.subscriptions().get();
            SubscriberNotifier subscribers = notifier.get();
            Subscriptions subscriptions = new Subscriptions(store, subscribers, new SubscriptionTokens(settings.secret()),
                    clock, settings.confirmWithin(), settings.resendAfter(),
                    id -> selectable(status.get(), id), file.egress(), NameResolver.system());
            return new SubscriptionOffer(Optional.of(subscriptions), Optional.of(subscribers), settings.webhooks(),
                    Optional.of(new MaintenanceTicker(subscribers, maintenance::get, clock)));
        }
    }

    /** A reader may choose the services the public page shows. */
    private static boolean selectable(PublicStatusQuery status, MonitorId id) {
        return status.service(id).isPresent();
    }
}
