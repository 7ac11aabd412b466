package dev.upwatch.web.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.upwatch.core.model.ChannelDefinition;
import dev.upwatch.core.port.ChannelDefinitionStore;
import dev.upwatch.notify.ChannelSettings;
import dev.upwatch.notify.WebhookNotifier;
import dev.upwatch.web.config.ConfigException;
import dev.upwatch.web.config.ConfigLoader;
import dev.upwatch.web.config.UpwatchConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every notification channel in force, from both owners: the configuration file's first, in file order (read-only
 * here), then those created through the admin API, oldest first. The API's are validated by the file's rules
 * ({@link ConfigLoader#readChannel}), stored in the database, restored at start, and handed to the running
 * {@link WebhookNotifier} at once. An id belongs to one owner; a stored channel whose id the file now uses is left out
 * (the file takes precedence) but stays stored. Monitors and groups a channel names resolve to the monitors in them
 * when the channel is written, restored at start, or the file is reloaded.
 */
public final class ChannelDirectory {
    private static final System.Logger LOG = System.getLogger(ChannelDirectory.class.getName());

    private final ConfigLoader loader;
    private final Optional<Path> configFile;
    private final ChannelDefinitionStore store;
    private final MonitorDirectory monitors;
    private final Supplier<WebhookNotifier> notifier;
    private final ObjectMapper json;
    private final Clock clock;
    private volatile List<ChannelSettings> fromFile;
    private volatile Map<String, ManagedChannel> fromApi;

    /**
     * Reads the stored API channels; one that no longer validates, or whose id the file uses, is left out (and
     * logged) but stays stored.
     *
     * @param config     the configuration the instance started with
     * @param configFile the file to re-read on reload, if the configuration came from one
     * @param notifier   the notifier, wanted only when a channel changes (it is built from {@link #channels()})
     */
    public ChannelDirectory(ConfigLoader loader, UpwatchConfig config, Optional<Path> configFile,
                            ChannelDefinitionStore store, MonitorDirectory monitors, Supplier<WebhookNotifier> notifier,
                            ObjectMapper json, Clock clock) {
        this.loader = Objects.requireNonNull(loader, "loader");
        this.configFile = Objects.requireNonNull(configFile, "configFile");
        this.store = Objects.requireNonNull(store, "store");
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.json = Objects.requireNonNull(json, "json");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fromFile = List.copyOf(config.notifications());
        this.fromApi = readStored(fromFile, Map.of());
    }

    /** Every channel in force, the file's first: what the notifier sends to. */
    public List<ChannelSettings> channels() {
        return managed().stream().map(ManagedChannel::settings).toList();
    }

    /** Every channel with its owner, the file's first. */
    public List<ManagedChannel> managed() {
        List<ManagedChannel> all = new ArrayList<>();
        fromFile.forEach(channel -> all.add(new ManagedChannel(channel, Optional.empty())));
        all.addAll(fromApi.values());
        return all;
    }

    /**
     * Sends a test message to the channel {@code id} now (outside the outbox) and waits for the receiver's answer, at
     * most the delivery timeout.
     *
     * @throws java.util.NoSuchElementException when no channel has that id
     */
    public dev.upwatch.notify.ChannelTrial test(String id) {
        return notifier.get().test(id).join();
    }

    /** One channel with its owner. */
    public Optional<ManagedChannel> find(String id) {
        return managed().stream().filter(c -> c.settings().id().equals(id)).findFirst();
    }

    /**
     * Creates a channel from a definition of the API (the keys of an item of the file's {@code notifications:}
     * list), stores it and puts it in force.
     *
     * @throws InvalidRequest  when a field holds the mask of the admin answers rather than a secret
     * @throws ConfigException for an invalid definition (every problem, by key)
     * @throws AdminConflict   when the id is taken
     */
    public synchronized ManagedChannel create(Map<String, Object> definition) {
        Map<String, Object> keys = ChannelMask.restored(definition, Map.of());
        ChannelSettings channel = loader.readChannel(keys, monitors.monitors(), "request");
        if (inFile(channel.id()) || fromApi.containsKey(channel.id())) {
            throw new AdminConflict("notification channel id '" + channel.id() + "' is already used"
                    + (inFile(channel.id()) ? " by the configuration file" : ""));
        }
        Instant now = clock.instant();
        return put(channel, new ChannelDefinition(channel.id(), DefinitionJson.write(json, keys), now, now));
    }

    /**
     * Replaces the definition of an API channel. A secret or URL sent back as the mask of the admin answers keeps
     * its stored value.
     *
     * @throws ConfigException for an invalid definition
     * @throws AdminConflict   when the channel belongs to the file, or the definition names another id
     * @throws NoSuchElementException when there is no such channel
     */
    public synchronized ManagedChannel replace(String id, Map<String, Object> definition) {
        ChannelDefinition before = ownedByApi(id).definition().orElseThrow();
        Map<String, Object> keys = new LinkedHashMap<>(ChannelMask.restored(definition, DefinitionJson.read(json, before.document())));
        Object given = keys.putIfAbsent("id", id);
        if (given != null && !id.equals(given)) {
            throw new AdminConflict("the definition's id '" + given + "' differs from the channel's id '" + id
                    + "'; ids cannot be changed, create a new channel instead");
        }
        ChannelSettings channel = loader.readChannel(keys, monitors.monitors(), "request");
        return put(channel, new ChannelDefinition(id, DefinitionJson.write(json, keys), before.createdAt(), clock.instant()));
    }

    /**
     * Takes an API channel out of force and deletes it; its messages still pending are given up, not sent.
     *
     * @throws AdminConflict when the channel belongs to the file
     * @throws NoSuchElementException when there is no such channel
     */
    public synchronized void delete(String id) {
        ownedByApi(id);
        Map<String, ManagedChannel> next = new LinkedHashMap<>(fromApi);
        next.remove(id);
        apply(fromFile, next);
        store.delete(id);
    }

    /**
     * Re-reads the configuration file's channels and puts them in force with the API's, whose monitors and groups
     * resolve again against the monitors watched now (one that no longer resolves keeps its previous settings).
     * Call after the monitors were reloaded.
     *
     * @throws ConfigException       when the file is invalid (nothing changes)
     * @throws IllegalStateException when the instance was not started from a file
     */
    public synchronized void reload() {
        Path file = configFile.orElseThrow(() -> new IllegalStateException(
                "this instance was not started from a configuration file; there is nothing to reload"));
        List<ChannelSettings> next = loader.load(file).notifications();
        apply(next, readStored(next, fromApi));
    }

    /**
     * The stored channels, validated against the monitors watched now; one that fails keeps its {@code previous}
     * settings when it had some, else is left out.
     */
    private Map<String, ManagedChannel> readStored(List<ChannelSettings> file, Map<String, ManagedChannel> previous) {
        Map<String, ManagedChannel> stored = new LinkedHashMap<>();
        for (ChannelDefinition definition : store.all()) {
            if (file.stream().anyMatch(channel -> channel.id().equals(definition.id()))) {
                LOG.log(System.Logger.Level.WARNING, "stored notification channel " + definition.id()
                        + " is not used: the configuration file defines that id and takes precedence");
                continue;
            }
            try {
                ChannelSettings channel = loader.readChannel(DefinitionJson.read(json, definition.document()), monitors.monitors(),
                        "stored notification channel " + definition.id());
                stored.put(definition.id(), new ManagedChannel(channel, Optional.of(definition)));
            } catch (ConfigException | IllegalArgumentException e) {
                ManagedChannel kept = previous.get(definition.id());
                LOG.log(System.Logger.Level.ERROR, "stored notification channel " + definition.id() + " is "
                        + (kept == null ? "not used: " : "kept as it was: ") + SecretMask.scrubbed(e.getMessage()));
                if (kept != null) {
                    stored.put(definition.id(), kept);
                }
            }
        }
        return stored;
    }

    private ManagedChannel put(ChannelSettings channel, ChannelDefinition definition) {
        ManagedChannel managed = new ManagedChannel(channel, Optional.of(definition));
        Map<String, ManagedChannel> next = new LinkedHashMap<>(fromApi);
        next.put(channel.id(), managed);
        Optional<ChannelDefinition> previous = store.find(channel.id());
        store.save(definition);
        try {
            apply(fromFile, next);
        } catch (RuntimeException e) {
            previous.ifPresentOrElse(store::save, () -> store.delete(channel.id()));
            throw e;
        }
        return managed;
    }

    /** Hands the notifier the new list first (it refuses two channels with one id), then makes it this state. */
    private void apply(List<ChannelSettings> file, Map<String, ManagedChannel> api) {
        List<ChannelSettings> all = new ArrayList<>(file);
        api.values().forEach(managed -> all.add(managed.settings()));
        notifier.get().replaceChannels(all);
        fromFile = List.copyOf(file);
        fromApi = api;
    }

    private ManagedChannel ownedByApi(String id) {
        ManagedChannel existing = find(id).orElseThrow(() -> new NoSuchElementException(
                "no notification channel has the id '" + id + "'"));
        if (existing.definition().isEmpty()) {
            throw new AdminConflict("notification channel '" + id + "' is defined in the configuration file and is"
                    + " read-only here; edit the file and reload");
        }
        return existing;
    }

    private boolean inFile(String id) {
        return fromFile.stream().anyMatch(channel -> channel.id().equals(id));
    }


}
