package dev.upwatch.web.config;

import dev.upwatch.core.model.PageSelection;
import dev.upwatch.web.auth.PageAccess;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One further status page ({@code pages:} in the configuration), served at {@code /p/<slug>/} and, when it has a host
 * name, at {@code /} of that host; a page with a secret link only at {@code /s/<secret>/}.
 *
 * @param slug      its name in paths: lower-case letters, digits and inner hyphens, at most 40
 * @param host      the host name ({@code Host} header) it is the home page of, lower case, if any
 * @param title     its title and heading
 * @param logoUrl   its logo, if any
 * @param accent    its accent colour ({@code #rrggbb}), if any
 * @param selection the monitors it shows
 * @param language  its default language, if set
 * @param access    who may read it
 */
public record StatusPageConfig(String slug, Optional<String> host, String title, Optional<URI> logoUrl,
                               Optional<String> accent, PageSelection selection, Optional<Locale> language,
                               PageAccess access) {
    /** The form of a slug. */
    public static final Pattern SLUG = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    public StatusPageConfig {
        Objects.requireNonNull(slug, "slug");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(logoUrl, "logoUrl");
        Objects.requireNonNull(accent, "accent");
        Objects.requireNonNull(selection, "selection");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(access, "access");
        if (!SLUG.matcher(slug).matches()) {
            throw new IllegalArgumentException("a slug is lower-case letters, digits and inner hyphens, at most 40: "
                    + slug);
        }
    }
}
