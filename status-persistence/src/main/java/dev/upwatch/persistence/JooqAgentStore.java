package dev.upwatch.persistence;

import dev.upwatch.core.model.Agent;
import dev.upwatch.core.model.Location;
import dev.upwatch.core.port.AgentStore;
import dev.upwatch.persistence.schema.tables.records.AgentRecord;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.AGENT;

/** {@link AgentStore} on the {@code agent} table, for PostgreSQL and H2 alike. */
final class JooqAgentStore implements AgentStore {
    private final DSLContext dsl;

    JooqAgentStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public void register(String tokenId, Location location) {
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(location, "location");
        try {
            dsl.insertInto(AGENT, AGENT.TOKEN_ID, AGENT.LOCATION, AGENT.LAST_SEQUENCE)
                    .values(tokenId, location.value(), 0L).execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalArgumentException("token " + tokenId + " is bound to a location already, or is not stored", e);
        }
    }

    @Override
    public Optional<Agent> find(String tokenId) {
        Objects.requireNonNull(tokenId, "tokenId");
        return dsl.selectFrom(AGENT).where(AGENT.TOKEN_ID.eq(tokenId)).fetchOptional().map(JooqAgentStore::agent);
    }

    @Override
    public List<Agent> list() {
        return dsl.selectFrom(AGENT).orderBy(AGENT.TOKEN_ID).fetch(JooqAgentStore::agent);
    }

    @Override
    public boolean advance(String tokenId, long expected, long sequence, Instant at) {
        return dsl.update(AGENT).set(AGENT.LAST_SEQUENCE, sequence).set(AGENT.LAST_CONTACT, toDatabase(at))
                .where(AGENT.TOKEN_ID.eq(tokenId).and(AGENT.LAST_SEQUENCE.eq(expected))).execute() == 1;
    }

    @Override
    public void contacted(String tokenId, Instant at) {
        dsl.update(AGENT).set(AGENT.LAST_CONTACT, toDatabase(at)).where(AGENT.TOKEN_ID.eq(tokenId)).execute();
    }

    private static Agent agent(AgentRecord row) {
        return new Agent(row.getTokenId(), Location.of(row.getLocation()), row.getLastSequence(),
                Optional.ofNullable(row.getLastContact()).map(OffsetDateTime::toInstant));
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
