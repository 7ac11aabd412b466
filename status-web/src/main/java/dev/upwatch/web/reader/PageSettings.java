package dev.upwatch.web.reader;

import dev.upwatch.core.config.InvalidConfigException;
import dev.upwatch.core.port.PageSettingStore;
import dev.upwatch.web.config.PageConfig;
import dev.upwatch.web.config.PageOverrides;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default page's settings as every page renders them: the configuration file's, with the title, logo, links and
 * footer the console stored in their place ({@link PageOverrides}). A change is stored, then shown, then told to
 * {@code changed} (the live pages render again).
 */
public final class PageSettings implements Supplier<PageConfig> {
    private static final Logger LOG = Logger.getLogger(PageSettings.class.getName());

    private final PageConfig file;
    private final PageSettingStore store;
    private final Runnable changed;
    /** The file's settings with the stored overrides; replaced whole by {@link #change}. */
    private volatile PageConfig current;

    public PageSettings(PageConfig file, PageSettingStore store, Runnable changed) {
        this.file = Objects.requireNonNull(file, "file");
        this.store = Objects.requireNonNull(store, "store");
        this.changed = Objects.requireNonNull(changed, "changed");
        this.current = stored();
    }

    /** The file's settings with the stored overrides; the file's alone when those no longer pass the rules. */
    private PageConfig stored() {
        try {
            return PageOverrides.apply(file, store.all());
        } catch (InvalidConfigException e) {
            // Stored values passed these rules when saved; a later, stricter rule shows the file's instead.
            LOG.log(Level.WARNING, "the console's page settings are no longer valid, the file's apply: {0}",
                    e.getMessage());
            return file;
        }
    }

    /**
     * Reads the stored overrides again, as another node of a cluster may have changed them, and shows them when they
     * differ from what is shown (then {@code changed} is told).
     */
    public synchronized void reload() {
        PageConfig next = stored();
        if (!next.equals(current)) {
            current = next;
            changed.run();
        }
    }

    /** The settings the pages render now. */
    @Override
    public PageConfig get() {
        return current;
    }

    /** The configuration file's settings: the defaults the console's override. */
    public PageConfig file() {
        return file;
    }

    /** The stored overrides, by key ({@link PageOverrides#KEYS}). */
    public Map<String, String> overrides() {
        return store.all();
    }

    /**
     * Stores {@code fields} (a blank value: the file's applies again) in place of every override, and shows them.
     *
     * @throws InvalidConfigException naming each bad field; nothing is stored then
     */
    public synchronized void change(Map<String, String> fields) {
        PageConfig next = PageOverrides.apply(file, fields);
        store.replace(PageOverrides.present(fields));
        current = next;
        changed.run();
    }
}
