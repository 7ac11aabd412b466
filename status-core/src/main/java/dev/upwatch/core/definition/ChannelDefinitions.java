package dev.upwatch.core.definition;

import dev.upwatch.core.model.ChannelDefinition;
import dev.upwatch.core.port.ChannelDefinitionStore;
import dev.upwatch.core.port.MonitorCatalog;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Every notification channel in force, from both owners: the configuration file's first, in file order (read-only
 * here), then those created through the admin API, oldest first. The API's are validated by the file's rules
 * ({@link DefinitionFormat}, status-notify's channel reader), stored through the {@link ChannelDefinitionStore},
 * restored at start, and put in force at once by telling the subscribers (the notifier). An id belongs to one owner;
 * a stored channel whose id the file now uses is left out (the file takes precedence) but stays stored. Monitors and
 * groups a channel names resolve to the monitors in them when the channel is written, restored at start, or the file
 * is reloaded.
 *
 * @param <C> the channel settings (status-notify's type; the core does not know channel types)
 */
public final class ChannelDefinitions<C> implements ManageDefinitions<C> {
    private static final System.Logger LOG = System.getLogger(ChannelDefinitions.class.getName());

    private final DefinitionFormat<C> format;
    private final Function<C, String> idOf;
    private final DefinitionFile<C> file;
    private final ChannelDefinitionStore store;
    private final MonitorCatalog monitors;
    private final DocumentCodec documents;
    private final Clock clock;
    private final List<CatalogueListener<C>> listeners = new CopyOnWriteArrayList<>();
    private volatile List<Defined<C>> fromFile;
    private volatile Map<String, Defined<C>> fromApi;

    /**
     * Reads the stored API channels; one that no longer validates, or whose id the file uses, is left out (and
     * logged) but stays stored.
     *
     * @param idOf   a channel's id
     * @param inFile the configuration file's channels the instance started with
     * @param file   the file to re-read on reload
     */
    public ChannelDefinitions(DefinitionFormat<C> format, Function<C, String> idOf, List<Defined<C>> inFile, DefinitionFile<C> file,
                              ChannelDefinitionStore store, MonitorCatalog monitors, DocumentCodec documents, Clock clock) {
        this.format = Objects.requireNonNull(format, "format");
        this.idOf = Objects.requireNonNull(idOf, "idOf");
        this.file = Objects.requireNonNull(file, "file");
        this.store = Objects.requireNonNull(store, "store");
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.documents = Objects.requireNonNull(documents, "documents");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fromFile = List.copyOf(inFile);
        this.fromApi = readStored(fromFile, Map.of());
    }

    @Override
    public void subscribe(CatalogueListener<C> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Every channel in force, the file's first: what the notifier sends to. */
    public List<C> channels() {
        return list().stream().map(Defined::value).toList();
    }

    /** Every channel with its origin, the file's first. */
    @Override
    public List<Defined<C>> list() {
        List<Defined<C>> all = new ArrayList<>(fromFile);
        all.addAll(fromApi.values());
        return all;
    }

    /**
     * Creates a channel from a definition of the API (the keys of an item of the file's {@code notifications:}
     * list), stores it and puts it in force.
     */
    @Override
    public synchronized Defined<C> create(Map<String, Object> definition) {
        Map<String, Object> keys = format.restored(definition, Map.of());
        C channel = format.read(keys, monitors.monitors(), "request");
        String id = idOf.apply(channel);
        if (inFile(id) || fromApi.containsKey(id)) {
            throw new DefinitionRefused(Refusal.ID_TAKEN, "notification channel id '" + id + "' is already used"
                    + (inFile(id) ? " by the configuration file" : ""));
        }
        Instant now = clock.instant();
        return put(channel, new ChannelDefinition(id, documents.write(keys), now, now));
    }

    /**
     * Replaces the definition of an API channel. A secret or URL sent back as the mask of the admin answers keeps
     * its stored value.
     */
    @Override
    public synchronized Defined<C> replace(String id, Map<String, Object> definition) {
        StoredDocument before = ownedByApi(id).stored().orElseThrow();
        Map<String, Object> keys = new LinkedHashMap<>(format.restored(definition, documents.read(before.document())));
        Object given = keys.putIfAbsent("id", id);
        if (given != null && !id.equals(given)) {
            throw new DefinitionRefused(Refusal.ID_CHANGED, "the definition's id '" + given
                    + "' differs from the channel's id '" + id + "'; ids cannot be changed, create a new channel instead");
        }
        C channel = format.read(keys, monitors.monitors(), "request");
        return put(channel, new ChannelDefinition(id, documents.write(keys), before.createdAt(), clock.instant()));
    }

    /** Takes an API channel out of force and deletes it; its messages still pending are given up, not sent. */
    @Override
    public synchronized void delete(String id) {
        ownedByApi(id);
        Map<String, Defined<C>> next = new LinkedHashMap<>(fromApi);
        next.remove(id);
        apply(fromFile, next);
        store.delete(id);
    }

    /**
     * Re-reads the configuration file's channels and puts them in force with the API's, whose monitors and groups
     * resolve again against the monitors watched now (one that no longer resolves keeps its previous settings).
     * Call after the monitors were reloaded.
     *
     * @throws dev.upwatch.core.config.InvalidConfigException when the file is invalid (nothing changes)
     * @throws IllegalStateException when the instance was not started from a file
     */
    public synchronized void reload() {
        List<Defined<C>> next = file.read();
        apply(next, readStored(next, fromApi));
    }

    /**
     * The stored channels, validated against the monitors watched now; one that fails keeps its {@code previous}
     * settings when it had some, else is left out.
     */
    private Map<String, Defined<C>> readStored(List<Defined<C>> inFile, Map<String, Defined<C>> previous) {
        Map<String, Defined<C>> stored = new LinkedHashMap<>();
        for (ChannelDefinition definition : store.all()) {
            if (inFile.stream().anyMatch(channel -> channel.id().equals(definition.id()))) {
                LOG.log(System.Logger.Level.WARNING, "stored notification channel " + definition.id()
                        + " is not used: the configuration file defines that id and takes precedence");
                continue;
            }
            try {
                C channel = format.read(documents.read(definition.document()), monitors.monitors(),
                        "stored notification channel " + definition.id());
                stored.put(definition.id(), defined(channel, definition));
            } catch (RuntimeException e) {
                Defined<C> kept = previous.get(definition.id());
                LOG.log(System.Logger.Level.ERROR, "stored notification channel " + definition.id() + " is "
                        + (kept == null ? "not used: " : "kept as it was: ") + format.scrubbed(String.valueOf(e.getMessage())));
                if (kept != null) {
                    stored.put(definition.id(), kept);
                }
            }
        }
        return stored;
    }

    private Defined<C> put(C channel, ChannelDefinition definition) {
        Defined<C> defined = defined(channel, definition);
        Map<String, Defined<C>> next = new LinkedHashMap<>(fromApi);
        next.put(definition.id(), defined);
        var previous = store.find(definition.id());
        store.save(definition);
        try {
            apply(fromFile, next);
        } catch (RuntimeException e) {
            previous.ifPresentOrElse(store::save, () -> store.delete(definition.id()));
            throw e;
        }
        return defined;
    }

    /** Tells the subscribers the new list first (the notifier refuses two channels with one id), then makes it this state. */
    private void apply(List<Defined<C>> inFile, Map<String, Defined<C>> api) {
        List<C> all = new ArrayList<>();
        inFile.forEach(defined -> all.add(defined.value()));
        api.values().forEach(defined -> all.add(defined.value()));
        List<C> inForce = List.copyOf(all);
        listeners.forEach(listener -> listener.changed(inForce));
        fromFile = List.copyOf(inFile);
        fromApi = api;
    }

    private Defined<C> ownedByApi(String id) {
        Defined<C> existing = find(id).orElseThrow(() -> new NoSuchElementException(
                "no notification channel has the id '" + id + "'"));
        if (existing.owner() != Owner.API) {
            throw new DefinitionRefused(Refusal.OWNED_BY_FILE, "notification channel '" + id + "' is defined in the"
                    + " configuration file and is read-only here; edit the file and reload");
        }
        return existing;
    }

    private boolean inFile(String id) {
        return fromFile.stream().anyMatch(channel -> channel.id().equals(id));
    }

    private static <C> Defined<C> defined(C channel, ChannelDefinition definition) {
        return Defined.fromApi(definition.id(), channel,
                new StoredDocument(definition.document(), definition.createdAt(), definition.updatedAt()));
    }
}
