package dev.upwatch.core.port;

/**
 * Tells a node of a cluster that the page settings ({@link PageSettingStore}) may have changed, whichever node stored
 * them (PostgreSQL: LISTEN/NOTIFY, sent by the storing transaction). Also told after each (re)connection, since a change
 * stored while the feed was away was not heard: the receiver reads the settings again.
 */
public interface PageSettingFeed extends AutoCloseable {

    /** Starts telling {@code changed} on a thread of the feed's own, until {@link #close()}. */
    void start(Runnable changed);

    /** Stops telling and lets go of the connection. */
    @Override
    void close();
}
