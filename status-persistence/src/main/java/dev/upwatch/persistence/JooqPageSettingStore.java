package dev.upwatch.persistence;

import dev.upwatch.core.port.PageSettingStore;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static dev.upwatch.persistence.schema.Tables.PAGE_SETTING;

/**
 * {@link PageSettingStore} on the {@code page_setting} table, for PostgreSQL and H2 alike. On PostgreSQL a replacement
 * also notifies {@link PostgresPageSettingFeed#CHANNEL} in its transaction, so the other nodes of a cluster read it.
 */
final class JooqPageSettingStore implements PageSettingStore {
    private final DSLContext dsl;
    private final boolean notifies;

    /** @param notifies whether a replacement runs {@code pg_notify} (PostgreSQL) */
    JooqPageSettingStore(DSLContext dsl, boolean notifies) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.notifies = notifies;
    }

    @Override
    public Map<String, String> all() {
        Map<String, String> settings = new LinkedHashMap<>();
        dsl.selectFrom(PAGE_SETTING).orderBy(PAGE_SETTING.SETTING_KEY)
                .forEach(row -> settings.put(row.getSettingKey(), row.getSettingValue()));
        return Map.copyOf(settings);
    }

    @Override
    public void replace(Map<String, String> settings) {
        Map<String, String> copy = Map.copyOf(settings);
        dsl.transaction(tx -> {
            DSLContext in = DSL.using(tx);
            in.deleteFrom(PAGE_SETTING).execute();
            copy.forEach((key, value) -> in.insertInto(PAGE_SETTING, PAGE_SETTING.SETTING_KEY,
                    PAGE_SETTING.SETTING_VALUE).values(key, StoredText.storable(value)).execute());
            if (notifies) {
                in.fetch("select pg_notify(?, '')", PostgresPageSettingFeed.CHANNEL);
            }
        });
    }
}
