package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.config.DurationRange;
import dev.upwatch.core.model.MonitorId;
import dev.upwatch.core.model.PageSelection;
import dev.upwatch.core.model.UptimeWindow;
import dev.upwatch.web.i18n.Languages;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code page}: title, refresh, links, footer, default window, the origins that may read the API, and what the
 * default page shows (groups, monitors), its accent colour and default language. The keys a page of {@code pages}
 * shares with it are read here too ({@link PagesSection}).
 */
final class PageSection {
    static final Set<String> KEYS = Set.of("title", "refresh", "public-url", "logo", "links", "footer",
            "default-window", "cors-origins", "groups", "monitors", "accent", "language");
    static final Set<String> LINK_KEYS = Set.of("title", "url");
    /** From 1s; at most a day, well below the 24.8 days a browser timer holds. */
    static final DurationRange REFRESH = DurationRange.of(Duration.ofSeconds(1), Duration.ofDays(1));
    static final int MAX_TITLE = 200;
    static final int MAX_LINK_TITLE = 100;
    static final int MAX_FOOTER = 500;

    private PageSection() {
    }

    /** The page settings; empty when any problem was noted. */
    static Optional<PageConfig> read(ConfigMap map) {
        ConfigReader reader = map.reader();
        int before = reader.count();
        String title = map.text("title").orElse("Status");
        checkTitle(map, title);
        Duration refresh = map.duration("refresh", Duration.ofSeconds(30), REFRESH);
        Optional<URI> publicUrl = map.get("public-url").flatMap(reader::httpUrl);
        Optional<URI> logo = logo(map);
        List<PageConfig.Link> links = new ArrayList<>();
        for (ConfigNode item : map.list("links")) {
            ConfigMap link = reader.map(item, LINK_KEYS);
            Optional<String> linkTitle = link.required("title");
            linkTitle.filter(text -> text.length() > MAX_LINK_TITLE)
                    .ifPresent(text -> link.report("title", "must be at most " + MAX_LINK_TITLE + " characters"));
            Optional<URI> url = link.required("url").flatMap(text -> link.get("url"))
                    .flatMap(node -> link(reader, node, true));
            if (linkTitle.isPresent() && url.isPresent()) {
                links.add(new PageConfig.Link(linkTitle.get(), url.get()));
            }
        }
        Optional<String> footer = map.text("footer").filter(text -> !text.isBlank());
        if (footer.isPresent() && footer.get().length() > MAX_FOOTER) {
            map.report("footer", "must be at most " + MAX_FOOTER + " characters");
        }
        UptimeWindow window = map.text("default-window").flatMap(text -> {
            Optional<UptimeWindow> found = UptimeWindow.fromLabel(text.trim());
            if (found.isEmpty()) {
                map.report("default-window", "must be one of 24h, 7d, 30d, 90d, got '" + text + "'");
            }
            return found;
        }).orElse(UptimeWindow.H24);
        List<String> origins = map.list("cors-origins").stream().flatMap(item -> origin(reader, item).stream()).toList();
        PageSelection selection = selection(map);
        Optional<String> accent = accent(map);
        Optional<Locale> language = language(map);
        if (reader.count() > before) {
            return Optional.empty();
        }
        return Optional.of(new PageConfig(title, refresh, publicUrl, logo, links, footer, window, origins, selection,
                accent, language));
    }

    /** Notes a title that is blank or too long. */
    static void checkTitle(ConfigMap map, String title) {
        if (title.isBlank() || title.length() > MAX_TITLE) {
            map.report("title", "must be 1 to " + MAX_TITLE + " characters");
        }
    }

    /** The logo: an http(s) URL or a path on this server. */
    static Optional<URI> logo(ConfigMap map) {
        return map.get("logo").flatMap(node -> link(map.reader(), node, false));
    }

    /**
     * {@code groups} and {@code monitors}: the names a page shows, matched when the page is read (so that a monitor of
     * the admin API can be named); neither: every monitor.
     */
    static PageSelection selection(ConfigMap map) {
        ConfigReader reader = map.reader();
        Set<String> groups = new LinkedHashSet<>();
        for (ConfigNode item : map.list("groups")) {
            reader.text(item).map(String::strip).ifPresent(group -> {
                if (group.isEmpty()) {
                    reader.report(item, "a group name must not be blank");
                } else if (!groups.add(group)) {
                    reader.report(item, "the group '" + group + "' is named twice");
                }
            });
        }
        Set<MonitorId> monitors = new LinkedHashSet<>();
        for (ConfigNode item : map.list("monitors")) {
            reader.parsed(item, text -> MonitorId.of(text.strip())).ifPresent(id -> {
                if (!monitors.add(id)) {
                    reader.report(item, "the monitor '" + id.value() + "' is named twice");
                }
            });
        }
        for (String key : List.of("groups", "monitors")) {
            map.get(key).filter(node -> node.kind() == ConfigNode.Kind.LIST && reader.items(node).isEmpty())
                    .ifPresent(node -> reader.report(node, "must name at least one " + key.substring(0, key.length() - 1)
                            + " (leave the key out to show every monitor)"));
        }
        return new PageSelection(groups, monitors);
    }

    private static final Pattern COLOUR = Pattern.compile("#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})");

    /** {@code accent}: a CSS hex colour, {@code #0a7} or {@code #00aa77}; answered as {@code #rrggbb}, lower case. */
    static Optional<String> accent(ConfigMap map) {
        return map.get("accent").flatMap(node -> map.reader().text(node).map(String::strip).flatMap(text -> {
            if (!COLOUR.matcher(text).matches()) {
                map.reader().report(node, "must be a hex colour like #0a7 or #00aa77, got '" + text + "'");
                return Optional.empty();
            }
            String hex = text.substring(1).toLowerCase(Locale.ROOT);
            return Optional.of(hex.length() == 6 ? "#" + hex : "#" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1)
                    + hex.charAt(1) + hex.charAt(2) + hex.charAt(2));
        }));
    }

    /** {@code language}: one of the languages the pages are written in. */
    static Optional<Locale> language(ConfigMap map) {
        return map.get("language").flatMap(node -> map.reader().text(node).flatMap(text -> {
            Optional<Locale> found = Languages.byTag(text);
            if (found.isEmpty()) {
                map.reader().report(node, "must be one of " + String.join(", ", Languages.SUPPORTED.stream()
                        .map(Locale::toLanguageTag).toList()) + ", got '" + text + "'");
            }
            return found;
        }));
    }

    /** A link or image address a visitor's browser may follow: http(s), mailto (links only) or a local path. */
    private static Optional<URI> link(ConfigReader reader, ConfigNode node, boolean mailto) {
        return reader.text(node).map(String::trim).flatMap(text -> {
            if (text.startsWith("/") && !text.startsWith("//")) {
                try {
                    return Optional.of(new URI(text));
                } catch (URISyntaxException e) {
                    reader.report(node, "not a path (" + e.getReason() + " at index " + e.getIndex() + ")");
                    return Optional.empty();
                }
            }
            if (mailto && text.matches("mailto:[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+")) {
                return Optional.of(URI.create(text));
            }
            try {
                return Optional.of(ConfigReader.parseHttpUrl(text));
            } catch (IllegalArgumentException e) {
                reader.report(node, "must be an http:// or https:// URL" + (mailto ? ", a mailto: address" : "")
                        + " or a path starting with /");
                return Optional.empty();
            }
        });
    }

    /** A CORS origin: {@code *} or {@code scheme://host[:port]} without a path. */
    private static Optional<String> origin(ConfigReader reader, ConfigNode node) {
        Optional<String> text = reader.text(node).map(String::trim);
        if (text.isPresent() && text.get().equals("*")) {
            return text;
        }
        return text.flatMap(given -> reader.httpUrl(node)).flatMap(uri -> {
            if ((uri.getPath() != null && !uri.getPath().isEmpty()) || uri.getQuery() != null || uri.getFragment() != null) {
                reader.report(node, "an origin is scheme://host[:port], without a path");
                return Optional.empty();
            }
            return Optional.of(uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT)
                    + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
        });
    }
}
