package dev.upwatch.core.account;

import java.util.List;

/** The audit log: every change made through the console, the admin API and the command line, kept in order. */
public interface AuditLog {

    /** Appends an entry (durable when it returns). */
    void record(AuditEntry entry);

    /** The newest entries, newest first (in the order they were recorded), at most {@code limit}. */
    List<AuditEntry> newest(int limit);
}
