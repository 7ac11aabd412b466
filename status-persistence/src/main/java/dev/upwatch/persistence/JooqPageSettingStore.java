package dev.upwatch.persistence;

import dev.upwatch.core.port.PageSettingStore;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static dev.upwatch.persistence.schema.Tables.PAGE_SETTING;

/** {@link PageSettingStore} on the {@code page_setting} table, for PostgreSQL and H2 alike. */
final class JooqPageSettingStore implements PageSettingStore {
    private final DSLContext dsl;

    JooqPageSettingStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
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
        });
    }
}
