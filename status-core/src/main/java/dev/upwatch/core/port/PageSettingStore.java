package dev.upwatch.core.port;

import java.util.Map;

/**
 * The status page settings changed in the console (title, logo, links, footer), each by its key, overriding the
 * configuration file's; a key not stored takes the file's value.
 */
public interface PageSettingStore {
    /** Every stored setting, by key. */
    Map<String, String> all();

    /**
     * Replaces every stored setting with {@code settings}, in one transaction (a key left out is no longer overridden).
     */
    void replace(Map<String, String> settings);
}
