package dev.upwatch.web.admin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one rule for secrets in admin answers: every credential a definition may hold is shown as {@link #MASK}, and a
 * definition sent back with the mask in a secret's place keeps the stored secret, so a GET → edit → PUT round trip
 * never wipes nor reveals one.
 *
 * <p>Secrets are the values of the keys in {@link #SECRET_KEYS} (at any depth), the values of credential headers
 * under {@code headers} ({@code Authorization}, {@code Proxy-Authorization}, {@code Cookie}, and any name containing
 * {@code token}, {@code secret}, {@code key}, {@code auth}, {@code session} or {@code password}), and the userinfo
 * ({@code user:password@}) of any URL value.
 */
public final class SecretMask {
    /** What a secret is shown as. */
    static final String MASK = "••••••";
    /** Keys whose whole value is a secret, lower case. */
    static final Set<String> SECRET_KEYS = Set.of("password", "bearer-token", "token", "secret", "bot-token",
            "api-key", "client-secret");
    private static final Set<String> SECRET_HEADERS = Set.of("authorization", "proxy-authorization", "cookie");
    private static final List<String> SECRET_HEADER_PARTS = List.of("token", "secret", "key", "auth", "session",
            "password");

    private static final java.util.regex.Pattern USER_INFO =
            java.util.regex.Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/\\s@'\"]+@");

    private SecretMask() {
    }

    /** A copy of {@code definition} with every secret replaced by the mask. */
    public static Map<String, Object> masked(Map<String, Object> definition) {
        return maskMap(definition, false);
    }

    /**
     * {@code incoming} with every masked secret put back from {@code stored} (the same key, or the same URL with
     * its userinfo masked).
     *
     * @throws InvalidRequest naming each field that still holds the mask: a mask with no stored secret to restore
     */
    static Map<String, Object> restored(Map<String, Object> incoming, Map<String, Object> stored) {
        List<FieldProblem> problems = new ArrayList<>();
        Map<String, Object> result = restoreMap(incoming, stored, false, "", problems);
        if (!problems.isEmpty()) {
            throw new InvalidRequest(problems);
        }
        return result;
    }

    private static Map<String, Object> maskMap(Map<String, Object> map, boolean headers) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, mask(key, value, headers)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object mask(String key, Object value, boolean header) {
        if (value == null) {
            return null;
        }
        if (header ? isSecretHeader(key) : SECRET_KEYS.contains(key.toLowerCase(Locale.ROOT))) {
            return value instanceof List<?> list ? list.stream().map(item -> MASK).toList() : MASK;
        }
        if (value instanceof Map<?, ?> map) {
            return maskMap((Map<String, Object>) map, "headers".equalsIgnoreCase(key));
        }
        if (value instanceof List<?> list) {
            return list.stream().map(item -> mask("", item, false)).toList();
        }
        if (value instanceof String text) {
            return withoutUserInfo(text);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> restoreMap(Map<String, Object> incoming, Object stored, boolean headers,
                                                  String path, List<FieldProblem> problems) {
        Map<String, Object> before = stored instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Map<String, Object> copy = new LinkedHashMap<>();
        incoming.forEach((key, value) -> copy.put(key,
                restore(key, value, before.get(key), headers, path.isEmpty() ? key : path + "." + key, problems)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Object restore(String key, Object value, Object stored, boolean header, String path,
                                  List<FieldProblem> problems) {
        if (value instanceof Map<?, ?> map) {
            return restoreMap((Map<String, Object>) map, stored, "headers".equalsIgnoreCase(key), path, problems);
        }
        if (value instanceof List<?> list) {
            List<?> before = stored instanceof List<?> storedList ? storedList : List.of();
            List<Object> copy = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                copy.add(restore(key, list.get(i), i < before.size() ? before.get(i) : null, header,
                        path + "[" + i + "]", problems));
            }
            return copy;
        }
        if (!(value instanceof String text) || !text.contains(MASK)) {
            return value;
        }
        if (stored != null && !(stored instanceof Map) && !(stored instanceof List)
                && text.equals(mask(key, stored, header))) {
            return stored;
        }
        problems.add(new FieldProblem(path, "holds the mask of a secret but there is no stored secret to keep;"
                + " send the secret itself"));
        return value;
    }

    private static boolean isSecretHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return SECRET_HEADERS.contains(lower) || SECRET_HEADER_PARTS.stream().anyMatch(lower::contains);
    }

    /**
     * {@code text} (a problem or log message) with the userinfo of every URL in it masked: validation messages may
     * quote the URL they refuse.
     */
    static String scrubbed(String text) {
        return USER_INFO.matcher(text).replaceAll("$1" + MASK + "@");
    }

    /** The URL with its userinfo masked; any other text unchanged. */
    private static String withoutUserInfo(String text) {
        if (!text.contains("@") || !text.contains("://")) {
            return text;
        }
        try {
            URI uri = new URI(text);
            if (uri.getRawUserInfo() == null || uri.getRawAuthority() == null) {
                return text;
            }
            int start = text.indexOf(uri.getRawUserInfo());
            return text.substring(0, start) + MASK + text.substring(start + uri.getRawUserInfo().length());
        } catch (URISyntaxException e) {
            return text;
        }
    }
}
