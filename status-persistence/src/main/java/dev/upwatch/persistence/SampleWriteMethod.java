package dev.upwatch.persistence;

/** How a {@link Database}'s sample store writes a batch of samples. */
public enum SampleWriteMethod {
    /** A JDBC batch of inserts, one row per sample, in one transaction; works on every supported database. */
    BATCH,
    /** PostgreSQL's binary {@code COPY ... FROM STDIN}: one statement per batch, the fastest way in. */
    COPY,
    /** H2's sample journal: the batch packed into one row, folded into hour blocks later ({@link SampleJournal}). */
    JOURNAL
}
