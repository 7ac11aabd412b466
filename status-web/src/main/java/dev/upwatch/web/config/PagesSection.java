package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigMap;
import dev.upwatch.core.config.ConfigNode;
import dev.upwatch.core.config.ConfigReader;
import dev.upwatch.core.model.PageSelection;
import dev.upwatch.core.model.TokenDigest;
import dev.upwatch.web.auth.AccessSettings;
import dev.upwatch.web.auth.PageAccess;
import dev.upwatch.web.auth.PasswordHash;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads {@code pages}: further status pages, each with a slug, optionally a host name, its own title, logo, accent
 * colour, language, groups and monitors, and either public, {@code private} (basic-auth users) or reached through a
 * {@code secret-link}. Slugs and host names are unique; every problem of every page is noted.
 */
final class PagesSection {
    static final Set<String> KEYS = Set.of("slug", "host", "title", "logo", "accent", "groups", "monitors", "language",
            "private", "secret-link");
    static final Set<String> PRIVATE_KEYS = Set.of("users");
    static final Set<String> USER_KEYS = Set.of("user", "password-hash");
    static final Set<String> SECRET_LINK_KEYS = Set.of("digest");
    /** The default page's slug (in feed ids), which no page of the list may take. */
    static final String DEFAULT_SLUG = "default";
    /** A DNS name: labels of letters, digits and inner hyphens, joined by dots (no port, no trailing dot). */
    private static final Pattern HOST = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*");

    private PagesSection() {
    }

    /** Every page of the list at {@code pages}; empty when any problem was noted. */
    static List<StatusPageConfig> read(ConfigMap top) {
        ConfigReader reader = top.reader();
        int before = reader.count();
        List<StatusPageConfig> pages = new ArrayList<>();
        Set<String> slugs = new HashSet<>();
        Map<String, String> hosts = new HashMap<>();
        for (ConfigNode item : top.list("pages")) {
            ConfigMap map = reader.map(item, KEYS);
            Optional<StatusPageConfig> page = page(map);
            if (page.isEmpty()) {
                continue;
            }
            StatusPageConfig read = page.get();
            if (!slugs.add(read.slug())) {
                map.report("slug", "another page has the slug '" + read.slug() + "'");
            }
            read.host().ifPresent(host -> {
                String other = hosts.putIfAbsent(host, read.slug());
                if (other != null) {
                    map.report("host", "the page '" + other + "' has the host " + host + " already");
                }
            });
            pages.add(read);
        }
        return reader.count() > before ? List.of() : List.copyOf(pages);
    }

    private static Optional<StatusPageConfig> page(ConfigMap map) {
        ConfigReader reader = map.reader();
        int before = reader.count();
        Optional<String> slug = map.required("slug").map(String::strip).filter(text -> {
            if (!StatusPageConfig.SLUG.matcher(text).matches()) {
                map.report("slug", "must be lower-case letters, digits and inner hyphens, at most 40, got '" + text + "'");
                return false;
            }
            if (text.equals(DEFAULT_SLUG)) {
                map.report("slug", "'" + DEFAULT_SLUG + "' names the default page (page:); choose another slug");
                return false;
            }
            return true;
        });
        Optional<String> host = map.text("host").map(text -> text.strip().toLowerCase(Locale.ROOT)).filter(text -> {
            if (!HOST.matcher(text).matches()) {
                map.report("host", "must be a host name like status.example.com (no scheme, port or path), got '"
                        + text + "'");
                return false;
            }
            return true;
        });
        Optional<String> title = map.required("title");
        title.ifPresent(text -> PageSection.checkTitle(map, text));
        Optional<URI> logo = PageSection.logo(map);
        Optional<String> accent = PageSection.accent(map);
        PageSelection selection = PageSection.selection(map);
        Optional<Locale> language = PageSection.language(map);
        PageAccess access = access(map, slug.orElse(""));
        if (reader.count() > before || slug.isEmpty() || title.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new StatusPageConfig(slug.get(), host, title.get(), logo, accent, selection, language, access));
    }

    /** {@code private} (users) or {@code secret-link} (a digest), not both; neither: public. */
    private static PageAccess access(ConfigMap map, String slug) {
        ConfigReader reader = map.reader();
        if (map.has("private") && map.has("secret-link")) {
            map.report("secret-link", "a page is private (users) or has a secret link, not both");
            return PageAccess.OPEN;
        }
        if (map.has("private")) {
            ConfigMap users = map.map("private", PRIVATE_KEYS);
            List<AccessSettings.BasicUser> read = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (ConfigNode item : users.list("users")) {
                ConfigMap user = reader.map(item, USER_KEYS);
                Optional<PasswordHash> hash = user.required("password-hash", PasswordHash::parse);
                Optional<String> name = user.required("user");
                if (name.isPresent() && hash.isPresent()) {
                    user.parsed("user", text -> new AccessSettings.BasicUser(text, hash.get())).ifPresent(parsed -> {
                        if (names.add(parsed.name())) {
                            read.add(parsed);
                        } else {
                            user.report("user", "the user '" + parsed.name() + "' is listed twice");
                        }
                    });
                }
            }
            boolean emptyList = users.get("users").filter(node -> node.kind() == ConfigNode.Kind.LIST)
                    .map(node -> reader.items(node).isEmpty()).orElse(false);
            if (!users.has("users") || emptyList) {
                users.report("users", "a private page needs at least one user");
                return PageAccess.OPEN;
            }
            return read.isEmpty() ? PageAccess.OPEN : new PageAccess.Users("upwatch " + slug, read);
        }
        if (map.has("secret-link")) {
            ConfigMap link = map.map("secret-link", SECRET_LINK_KEYS);
            return link.required("digest", text -> TokenDigest.parse(text.strip()))
                    .<PageAccess>map(PageAccess.SecretLink::new).orElse(PageAccess.OPEN);
        }
        return PageAccess.OPEN;
    }
}
