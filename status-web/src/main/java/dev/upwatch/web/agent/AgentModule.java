package dev.upwatch.web.agent;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.upwatch.core.service.AgentIntake;
import dev.upwatch.core.service.UpwatchEngine;
import dev.upwatch.persistence.Database;

import java.time.Clock;

/** The server's side of remote agents: their store, the intake of their results, their routes. */
public final class AgentModule extends AbstractModule {

    @Provides
    @Singleton
    AgentDirectory directory(Database database) {
        return new AgentDirectory(database.agentStore());
    }

    @Provides
    @Singleton
    AgentIntake intake(Database database, UpwatchEngine engine, Clock clock) {
        return new AgentIntake(database.agentStore(), engine, clock);
    }
}
