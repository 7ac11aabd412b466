package dev.upwatch.web.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.calendar.Recurrences;
import dev.upwatch.core.port.RecurrenceParser;

/** Recurring maintenance starts: RRULEs on lib-recur and cron expressions on cron-utils (status-calendar). */
public final class CalendarModule extends AbstractModule {

    @Provides
    @Singleton
    RecurrenceParser recurrences() {
        return Recurrences.parser();
    }
}
