package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.Subscription;
import dev.upwatch.core.model.SubscriptionId;
import dev.upwatch.core.port.SubscriptionStore;
import dev.upwatch.persistence.schema.tables.records.SubscriptionRecord;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static dev.upwatch.persistence.schema.Tables.SUBSCRIPTION;

/**
 * {@link SubscriptionStore} on the {@code subscription} table (V20, its language V21), for PostgreSQL and H2 alike. Instants are kept
 * to the microsecond.
 */
final class JooqSubscriptionStore implements SubscriptionStore {
    private final DSLContext dsl;

    JooqSubscriptionStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public Subscription save(Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            Optional<SubscriptionRecord> existing = tx.selectFrom(SUBSCRIPTION)
                    .where(SUBSCRIPTION.PAGE.eq(subscription.page()))
                    .and(SUBSCRIPTION.KIND.eq(subscription.kind().wireName()))
                    .and(SUBSCRIPTION.ADDRESS.eq(subscription.address()))
                    .forUpdate().fetchOptional();
            Subscription stored = existing.map(row -> subscription.replacing(new SubscriptionId(row.getId())))
                    .orElse(subscription);
            if (existing.isPresent()) {
                tx.update(SUBSCRIPTION)
                        .set(SUBSCRIPTION.SECRET, stored.secret().orElse(null))
                        .set(SUBSCRIPTION.SERVICES, services(stored))
                        .set(SUBSCRIPTION.CONFIRMED_AT, toDatabase(stored.confirmedAt()))
                        .set(SUBSCRIPTION.LOCALE, stored.locale().toLanguageTag())
                        .where(SUBSCRIPTION.ID.eq(stored.id().value())).execute();
            } else {
                tx.insertInto(SUBSCRIPTION, SUBSCRIPTION.ID, SUBSCRIPTION.PAGE, SUBSCRIPTION.KIND, SUBSCRIPTION.ADDRESS,
                                SUBSCRIPTION.SECRET, SUBSCRIPTION.SERVICES, SUBSCRIPTION.CONFIRMED_AT, SUBSCRIPTION.LOCALE)
                        .values(stored.id().value(), stored.page(), stored.kind().wireName(), stored.address(),
                                stored.secret().orElse(null), services(stored), toDatabase(stored.confirmedAt()),
                                stored.locale().toLanguageTag())
                        .execute();
            }
            return stored;
        });
    }

    @Override
    public boolean remove(SubscriptionId id) {
        Objects.requireNonNull(id, "id");
        return dsl.deleteFrom(SUBSCRIPTION).where(SUBSCRIPTION.ID.eq(id.value())).execute() > 0;
    }

    @Override
    public List<Subscription> all() {
        return dsl.selectFrom(SUBSCRIPTION).orderBy(SUBSCRIPTION.CONFIRMED_AT.asc(), SUBSCRIPTION.ID.asc())
                .fetch(JooqSubscriptionStore::subscription);
    }

    private static String services(Subscription subscription) {
        return subscription.services()
                .map(ids -> ids.stream().map(MonitorId::value).sorted().collect(Collectors.joining(",")))
                .orElse(null);
    }

    private static Subscription subscription(SubscriptionRecord row) {
        Optional<Set<MonitorId>> services = Optional.ofNullable(row.getServices())
                .map(text -> Arrays.stream(text.split(",")).map(MonitorId::of)
                        .collect(Collectors.toCollection(TreeSet::new)));
        return new Subscription(new SubscriptionId(row.getId()), row.getPage(),
                Subscription.Kind.valueOf(row.getKind().toUpperCase(Locale.ROOT)), row.getAddress(),
                Optional.ofNullable(row.getSecret()), services.map(Set::copyOf),
                row.getConfirmedAt().toInstant(), Locale.forLanguageTag(row.getLocale()));
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
