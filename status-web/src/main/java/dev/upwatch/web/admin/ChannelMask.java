package dev.upwatch.web.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Secrets of a notification channel definition in admin answers: {@link SecretMask}'s rule ({@code secret},
 * {@code bot-token}, {@code password}), plus the channel's {@code url}, whose path and query are credentials for Slack,
 * Discord, Teams and ntfy: it is shown as {@code scheme://host[:port]/••••••}. A definition sent back with the masked
 * URL keeps the stored one, as for every other secret.
 */
public final class ChannelMask {
    private static final String URL = "url";

    private ChannelMask() {
    }

    /** A copy of {@code definition} with the URL's path and query and every secret masked. */
    public static Map<String, Object> masked(Map<String, Object> definition) {
        Map<String, Object> copy = new LinkedHashMap<>(definition);
        if (copy.get(URL) instanceof String url) {
            copy.put(URL, url(url));
        }
        return SecretMask.masked(copy);
    }

    /**
     * {@code incoming} with the masked URL and every masked secret put back from {@code stored}.
     *
     * @throws InvalidRequest naming each field that holds a mask with no stored value to keep
     */
    static Map<String, Object> restored(Map<String, Object> incoming, Map<String, Object> stored) {
        Map<String, Object> copy = new LinkedHashMap<>(incoming);
        if (copy.get(URL) instanceof String url && url.contains(SecretMask.MASK)
                && stored.get(URL) instanceof String before && url.equals(url(before))) {
            copy.put(URL, before);
        }
        return SecretMask.restored(copy, stored);
    }

    /**
     * The URL as admin answers show it: {@code scheme://host[:port]} followed by {@code /••••••} when it has a path,
     * query or user info beyond {@code /}; text that is no URL with a host is masked whole.
     */
    public static String url(String text) {
        try {
            URI uri = new URI(text.trim());
            if (uri.getScheme() == null || uri.getHost() == null) {
                return SecretMask.MASK;
            }
            String origin = uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
            boolean bare = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null && uri.getRawFragment() == null && uri.getRawUserInfo() == null;
            return bare ? origin + (uri.getRawPath() == null ? "" : uri.getRawPath()) : origin + "/" + SecretMask.MASK;
        } catch (URISyntaxException e) {
            return SecretMask.MASK;
        }
    }
}
