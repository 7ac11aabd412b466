package dev.upwatch.persistence;

import dev.upwatch.core.model.MonitorGroup;
import dev.upwatch.core.port.MonitorGroupStore;
import dev.upwatch.persistence.schema.tables.records.MonitorGroupRecord;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.MONITOR_GROUP;

/** {@link MonitorGroupStore} on the {@code monitor_group} table, for PostgreSQL and H2 alike. */
final class JooqMonitorGroupStore implements MonitorGroupStore {
    private final DSLContext dsl;

    JooqMonitorGroupStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public List<MonitorGroup> all() {
        return dsl.selectFrom(MONITOR_GROUP).orderBy(MONITOR_GROUP.PAGE_POSITION, MONITOR_GROUP.NAME)
                .fetch(JooqMonitorGroupStore::group);
    }

    @Override
    public Optional<MonitorGroup> find(String name) {
        Objects.requireNonNull(name, "name");
        return dsl.selectFrom(MONITOR_GROUP).where(MONITOR_GROUP.NAME.eq(name)).fetchOptional(JooqMonitorGroupStore::group);
    }

    @Override
    public void save(String previousName, MonitorGroup group) {
        Objects.requireNonNull(previousName, "previousName");
        Objects.requireNonNull(group, "group");
        dsl.transaction(configuration -> {
            DSLContext tx = configuration.dsl();
            int updated = tx.update(MONITOR_GROUP)
                    .set(MONITOR_GROUP.NAME, group.name())
                    .set(MONITOR_GROUP.PAGE_POSITION, group.position())
                    .set(MONITOR_GROUP.DESCRIPTION, group.description())
                    .set(MONITOR_GROUP.COLLAPSED, group.collapsed())
                    .where(MONITOR_GROUP.NAME.eq(previousName))
                    .execute();
            if (updated == 0) {
                tx.insertInto(MONITOR_GROUP, MONITOR_GROUP.NAME, MONITOR_GROUP.PAGE_POSITION, MONITOR_GROUP.DESCRIPTION,
                                MONITOR_GROUP.COLLAPSED)
                        .values(group.name(), group.position(), group.description(), group.collapsed())
                        .execute();
            }
        });
    }

    @Override
    public boolean delete(String name) {
        Objects.requireNonNull(name, "name");
        return dsl.deleteFrom(MONITOR_GROUP).where(MONITOR_GROUP.NAME.eq(name)).execute() > 0;
    }

    private static MonitorGroup group(MonitorGroupRecord row) {
        return new MonitorGroup(row.getName(), row.getPagePosition(), row.getDescription(), row.getCollapsed());
    }
}
