package dev.upwatch.probes.http;

import dev.upwatch.core.model.InvalidSettingException;
import dev.upwatch.core.model.ProbeSettings;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The validated settings of one {@code http} monitor.
 *
 * @param url             the target; http or https with a host
 * @param method          the request method, upper case
 * @param headers         request headers as configured (names and values free of line breaks), plus an
 *                        {@code Authorization} header built from {@code username}/{@code password} or
 *                        {@code bearer-token}
 * @param body            the request body, only for POST, PUT and PATCH
 * @param followRedirects whether 3xx responses with a {@code Location} are followed
 * @param maxRedirects    how many redirects are followed at most before the check fails
 * @param maxBody         bytes of (decompressed) response body read at most
 * @param insecure        whether TLS certificates and host names go unverified
 * @param maxHeaderBytes  bytes of response headers (names and values, per hop) accepted at most; more fails the check
 * @param maxHeaderCount  response header fields accepted at most (per hop); more fails the check
 */
record HttpSettings(URI url, String method, Map<String, String> headers, Optional<String> body,
                    boolean followRedirects, int maxRedirects, int maxBody, boolean insecure, int maxHeaderBytes,
                    int maxHeaderCount) {
    /** Limits on configured request headers, so a monitor cannot make the probe send oversized requests. */
    static final int MAX_HEADERS = 50;
    static final int MAX_HEADER_NAME = 256;
    static final int MAX_HEADER_VALUE = 8192;

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    static final Set<String> METHODS_WITH_BODY = Set.of("POST", "PUT", "PATCH");
    static final int DEFAULT_MAX_REDIRECTS = 5;
    static final int MAX_REDIRECTS_LIMIT = 20;
    /** Default cap on the response body, in bytes (1 MiB). */
    static final int DEFAULT_MAX_BODY = 1_048_576;
    /** Largest accepted {@code max-body}, in bytes (64 MiB): the body is held in memory while conditions run. */
    static final int MAX_BODY_LIMIT = 64 * 1_048_576;
    /** Default cap on response header bytes (64 KiB): far above real responses, far below what hurts memory. */
    static final int DEFAULT_MAX_HEADER_BYTES = 65_536;
    /** Smallest accepted {@code max-header-bytes} (1 KiB). */
    static final int MIN_HEADER_BYTES = 1_024;
    /** Largest accepted {@code max-header-bytes} (1 MiB); also what the shared client's parser buffers at most. */
    static final int MAX_HEADER_BYTES_LIMIT = 1_048_576;
    /** Default cap on the number of response header fields (Python's http.client stops at 100 too). */
    static final int DEFAULT_MAX_HEADER_COUNT = 100;
    /** Largest accepted {@code max-header-count}. */
    static final int MAX_HEADER_COUNT_LIMIT = 10_000;
    /** Headers the client derives from the body; setting them by hand would corrupt the framing. */
    private static final Set<String> FRAMING_HEADERS = Set.of("content-length", "transfer-encoding");

    HttpSettings {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(method, "method");
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    /**
     * Reads and validates every {@code http} setting.
     *
     * @throws InvalidSettingException naming the first bad setting
     */
    static HttpSettings from(ProbeSettings settings) {
        URI url = parseUrl(settings.requireString("url"));
        String method = settings.string("method").map(m -> m.trim().toUpperCase(Locale.ROOT)).orElse("GET");
        if (!METHODS.contains(method)) {
            throw new InvalidSettingException("method",
                    "'" + method + "' is not supported; use GET, HEAD, POST, PUT, PATCH, DELETE or OPTIONS");
        }
        Map<String, String> headers = new LinkedHashMap<>(settings.stringMap("headers"));
        checkHeaderSizes(headers);
        headers.forEach(HttpSettings::checkHeader);
        authorization(settings, headers).ifPresent(value -> headers.put("Authorization", value));
        Optional<String> body = settings.string("body");
        if (body.isPresent() && !METHODS_WITH_BODY.contains(method)) {
            throw new InvalidSettingException("body", "is only sent with POST, PUT or PATCH, not with " + method);
        }
        boolean followRedirects = settings.bool("follow-redirects", false);
        int maxRedirects = settings.integer("max-redirects", DEFAULT_MAX_REDIRECTS, 0, MAX_REDIRECTS_LIMIT);
        int maxBody = settings.integer("max-body", DEFAULT_MAX_BODY, 0, MAX_BODY_LIMIT);
        boolean insecure = settings.bool("insecure", false);
        int maxHeaderBytes = settings.integer("max-header-bytes", DEFAULT_MAX_HEADER_BYTES, MIN_HEADER_BYTES,
                MAX_HEADER_BYTES_LIMIT);
        int maxHeaderCount = settings.integer("max-header-count", DEFAULT_MAX_HEADER_COUNT, 1, MAX_HEADER_COUNT_LIMIT);
        return new HttpSettings(url, method, headers, body, followRedirects, maxRedirects, maxBody, insecure,
                maxHeaderBytes, maxHeaderCount);
    }

    /**
     * The {@code Authorization} value from {@code username}/{@code password} (Basic, RFC 7617, UTF-8) or
     * {@code bearer-token} (RFC 6750). Like any {@code Authorization} header it is sent only to the configured URL's
     * origin, never across a redirect to another one.
     */
    private static Optional<String> authorization(ProbeSettings settings, Map<String, String> headers) {
        Optional<String> username = settings.string("username");
        Optional<String> password = settings.string("password");
        Optional<String> token = settings.string("bearer-token");
        boolean headerSet = headers.keySet().stream().anyMatch(name -> name.equalsIgnoreCase("authorization"));
        if (password.isPresent() && username.isEmpty()) {
            throw new InvalidSettingException("password", "is set without username");
        }
        if (username.isPresent() && token.isPresent()) {
            throw new InvalidSettingException("bearer-token", "cannot be combined with username/password; choose one");
        }
        if ((username.isPresent() || token.isPresent()) && headerSet) {
            throw new InvalidSettingException(username.isPresent() ? "username" : "bearer-token",
                    "cannot be combined with an Authorization header; choose one");
        }
        if (username.isPresent()) {
            String user = username.get();
            if (user.isEmpty() || user.indexOf(':') >= 0 || hasControl(user)) {
                throw new InvalidSettingException("username",
                        "must be non-empty, without ':' or control characters (Basic authentication)");
            }
            if (hasControl(password.orElse(""))) {
                throw new InvalidSettingException("password", "contains a control character");
            }
            String pair = user + ":" + password.orElse("");
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        if (token.isPresent()) {
            String value = token.get().trim();
            if (value.isEmpty() || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new InvalidSettingException("bearer-token", "must be non-empty printable ASCII without spaces");
            }
            return Optional.of("Bearer " + value);
        }
        return Optional.empty();
    }

    private static boolean hasControl(String text) {
        return text.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
    }

    /** The configured {@code Content-Type} header, if any (looked up case-insensitively). */
    Optional<String> contentType() {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("content-type"))
                .map(Map.Entry::getValue).findFirst();
    }

    /**
     * Parses a target URL: only http and https with a host are accepted, so a monitor cannot read local files
     * ({@code file:}, {@code jar:}) or speak other protocols ({@code gopher:}).
     */
    static URI parseUrl(String text) {
        String trimmed = text.trim();
        URI url;
        try {
            url = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new InvalidSettingException("url", "'" + trimmed + "' is not a valid URL: " + e.getReason());
        }
        Optional<String> problem = targetProblem(url);
        if (problem.isPresent()) {
            throw new InvalidSettingException("url", "'" + trimmed + "' " + problem.get());
        }
        return url;
    }

    /** Why {@code url} cannot be probed (used for the configured URL and for redirect targets); empty when it can. */
    static Optional<String> targetProblem(URI url) {
        String scheme = url.getScheme();
        if (scheme == null) {
            return Optional.of("has no scheme; write http://... or https://...");
        }
        String lower = scheme.toLowerCase(Locale.ROOT);
        if (!lower.equals("http") && !lower.equals("https")) {
            return Optional.of("uses scheme '" + scheme + "'; only http and https are supported");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            return Optional.of("has no host");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("carries credentials, which are not sent; use an Authorization header instead");
        }
        return Optional.empty();
    }

    /** At most {@value #MAX_HEADERS} headers, names up to {@value #MAX_HEADER_NAME} and values up to {@value #MAX_HEADER_VALUE} chars. */
    private static void checkHeaderSizes(Map<String, String> headers) {
        if (headers.size() > MAX_HEADERS) {
            throw new InvalidSettingException("headers", headers.size() + " headers; at most " + MAX_HEADERS + " are allowed");
        }
        headers.forEach((name, value) -> {
            if (name.length() > MAX_HEADER_NAME) {
                throw new InvalidSettingException("headers", "a header name is longer than " + MAX_HEADER_NAME + " characters");
            }
            if (value.length() > MAX_HEADER_VALUE) {
                throw new InvalidSettingException("headers", "the value of header '" + name + "' is longer than "
                        + MAX_HEADER_VALUE + " characters");
            }
        });
    }

    private static void checkHeader(String name, String value) {
        if (name.isEmpty()) {
            throw new InvalidSettingException("headers", "a header name is empty");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new InvalidSettingException("headers", "header name '" + visible(name) + "' contains a line break");
            }
            if (!isTokenChar(c)) {
                throw new InvalidSettingException("headers", "header name '" + visible(name)
                        + "' contains '" + visible(String.valueOf(c)) + "', which is not allowed in a header name");
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n') {
                throw new InvalidSettingException("headers", "the value of header '" + name + "' contains a line break");
            }
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new InvalidSettingException("headers", "the value of header '" + name + "' contains a control character");
            }
        }
        if (FRAMING_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new InvalidSettingException("headers", "header '" + name + "' is set by the client from the body");
        }
    }

    /** RFC 9110 token characters, the only ones allowed in a field name. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Shows line breaks and other control characters as escapes, so an error message stays on one line. */
    private static String visible(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\r' -> shown.append("\\r");
                case '\n' -> shown.append("\\n");
                case '\t' -> shown.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        shown.append(String.format("\\u%04x", (int) c));
                    } else {
                        shown.append(c);
                    }
                }
            }
        }
        return shown.toString();
    }
}
