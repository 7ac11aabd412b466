package dev.upwatch.persistence;

import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.port.ApiTokenStore;
import dev.upwatch.persistence.schema.tables.records.ApiTokenRecord;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import static dev.upwatch.persistence.schema.Tables.API_TOKEN;

/**
 * {@link ApiTokenStore} on the {@code api_token} table, for PostgreSQL and H2 alike. Instants are kept to the
 * microsecond, finer parts truncated.
 */
final class JooqApiTokenStore implements ApiTokenStore {
    private final DSLContext dsl;

    JooqApiTokenStore(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public void add(ApiToken token) {
        Objects.requireNonNull(token, "token");
        try {
            dsl.insertInto(API_TOKEN, API_TOKEN.ID, API_TOKEN.NAME, API_TOKEN.SCOPE, API_TOKEN.DIGEST,
                            API_TOKEN.CREATED_AT, API_TOKEN.LAST_USED_AT, API_TOKEN.REVOKED_AT)
                    .values(token.id(), StoredText.storable(token.name()), token.scope().wireName(), token.digest().hex(),
                            toDatabase(token.createdAt()), token.lastUsedAt().map(JooqApiTokenStore::toDatabase).orElse(null),
                            token.revokedAt().map(JooqApiTokenStore::toDatabase).orElse(null))
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new IllegalArgumentException("a token with id " + token.id() + " or the same digest exists", e);
        }
    }

    @Override
    public Optional<ApiToken> findByDigest(TokenDigest digest) {
        Objects.requireNonNull(digest, "digest");
        return dsl.selectFrom(API_TOKEN).where(API_TOKEN.DIGEST.eq(digest.hex())).fetchOptional()
                .map(JooqApiTokenStore::token);
    }

    @Override
    public List<ApiToken> list() {
        return dsl.selectFrom(API_TOKEN).orderBy(API_TOKEN.CREATED_AT.asc(), API_TOKEN.ID.asc())
                .fetch(JooqApiTokenStore::token);
    }

    @Override
    public boolean revoke(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        return dsl.update(API_TOKEN).set(API_TOKEN.REVOKED_AT, toDatabase(at))
                .where(API_TOKEN.ID.eq(id).and(API_TOKEN.REVOKED_AT.isNull())).execute() == 1;
    }

    @Override
    public void markUsed(String id, Instant at) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        dsl.update(API_TOKEN).set(API_TOKEN.LAST_USED_AT, toDatabase(at)).where(API_TOKEN.ID.eq(id)).execute();
    }

    private static ApiToken token(ApiTokenRecord row) {
        return new ApiToken(row.getId(), row.getName(), TokenScope.fromWireName(row.getScope()),
                new TokenDigest(row.getDigest()), row.getCreatedAt().toInstant(),
                Optional.ofNullable(row.getLastUsedAt()).map(OffsetDateTime::toInstant),
                Optional.ofNullable(row.getRevokedAt()).map(OffsetDateTime::toInstant));
    }

    private static OffsetDateTime toDatabase(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }
}
