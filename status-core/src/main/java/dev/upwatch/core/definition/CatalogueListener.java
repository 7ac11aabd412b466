package dev.upwatch.core.definition;

import java.util.List;

/**
 * Told the whole new list of definitions in force of one kind before a change is made (the engine for monitors, the
 * notifier for channels, the maintenance calendar for windows). Throwing refuses the change: nothing is stored and
 * the previous list stays in force.
 *
 * @param <T> the kind of definition
 */
@FunctionalInterface
public interface CatalogueListener<T> {

    /** Puts {@code inForce} in force, or throws (e.g. {@link IllegalArgumentException}) to refuse it. */
    void changed(List<T> inForce);
}
