package dev.upwatch.web.admin;

import java.util.List;

/**
 * The answer to a reload: which of the file's monitors changed.
 *
 * @param added     ids new in the file
 * @param changed   ids whose definition changed (history kept)
 * @param removed   ids no longer in the file (history kept in storage)
 * @param unchanged how many stayed as they were
 */
public record ReloadJson(List<String> added, List<String> changed, List<String> removed, int unchanged) {
}
