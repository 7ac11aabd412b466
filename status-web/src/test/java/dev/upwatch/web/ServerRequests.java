package dev.upwatch.web;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The HTTP requests the server tests send to a running instance, built in one place. */
final class ServerRequests {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** One read token per running application, for the operators' routes ({@code /metrics}, the delivery log). */
    private static final java.util.Map<UpwatchApplication, String> READ_TOKENS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    private ServerRequests() {
    }

    /** GET {@code path} (relative to {@code base}) with the given header name and value pairs. */
    static HttpResponse<String> get(URI base, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The first event of the event stream at {@code path} (relative to {@code base}); the stream itself never ends. */
    static String firstEvent(URI base, String path) throws Exception {
        HttpResponse<java.io.InputStream> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new AssertionError(path + " answered " + response.statusCode());
        }
        StringBuilder text = new StringBuilder();
        try (java.io.InputStream in = response.body()) {
            byte[] buffer = new byte[8192];
            while (!text.toString().contains("\n\n")) {
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                text.append(new String(buffer, 0, read, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    /** GET {@code path} of {@code app} as an operator: with a read token (made on first use), as Prometheus scrapes. */
    static HttpResponse<String> operator(UpwatchApplication app, String path) throws Exception {
        String token = READ_TOKENS.computeIfAbsent(app, running -> running.tokens()
                .create("test-operator", dev.upwatch.core.model.TokenScope.READ).secret().value());
        return get(app.baseUri(), path, "Authorization", "Bearer " + token);
    }

    /** {@code method} on {@code path} with a bearer token and, unless {@code body} is null, a JSON body. */
    static HttpResponse<String> withToken(URI base, String token, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
