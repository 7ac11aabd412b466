package dev.upwatch.core.definition;

import dev.upwatch.core.model.MonitorId;

import java.util.List;

/**
 * What reloading the configuration file changed among its monitors.
 *
 * @param added     monitors new in the file
 * @param changed   monitors whose definition changed (they keep their history)
 * @param removed   monitors no longer in the file (their history is kept in storage)
 * @param unchanged how many monitors stayed as they were
 */
public record ReloadResult(List<MonitorId> added, List<MonitorId> changed, List<MonitorId> removed, int unchanged) {
    public ReloadResult {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }
}
