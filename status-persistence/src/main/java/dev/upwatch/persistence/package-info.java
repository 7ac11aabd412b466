/**
 * Durable storage on PostgreSQL or an embedded H2 file: open a {@link dev.upwatch.persistence.Database} from
 * {@link dev.upwatch.persistence.DatabaseSettings} and use its {@link dev.upwatch.core.port.SampleStore}. The schema
 * comes only from the Flyway migrations under {@code db/migration/}; the jOOQ classes in the {@code schema}
 * sub-package are generated from them at build time and are not for use outside this module.
 */
package dev.upwatch.persistence;
