package dev.upwatch.web;

import dev.upwatch.web.api.ProblemJson;
import dev.upwatch.web.auth.SecurityHeaders;
import freemarker.template.utility.StringUtil;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The web server's own error answers — a request Jetty could not parse (400), a URI or header block over the limits
 * (414, 431), an ambiguous or escaping path such as {@code /assets/../..} (400) — written like ours: the
 * {@link SecurityHeaders}, {@code application/problem+json} under {@code /api/} and a bare HTML page elsewhere, and
 * no server name or version. Jetty's default page names "Jetty://" and its version, and echoes the URI.
 */
final class ErrorAnswer implements Request.Handler {
    /** Longest detail taken from Jetty's message (characters); its messages are short phrases. */
    private static final int MAX_DETAIL = 200;

    private final SecurityHeaders headers;

    ErrorAnswer(SecurityHeaders headers) {
        this.headers = Objects.requireNonNull(headers, "headers");
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        headers.addMissing(response.getHeaders());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        int status = response.getStatus();
        String message = request.getAttribute(ErrorHandler.ERROR_MESSAGE) instanceof String text ? text : null;
        if (request.getAttribute(ErrorHandler.ERROR_EXCEPTION) instanceof HttpException http) {
            status = http.getCode();
            response.setStatus(status);
            message = message == null ? http.getReason() : message;
        }
        if (HttpStatus.hasNoBody(status) || HttpMethod.HEAD.is(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        String title = Objects.requireNonNullElse(HttpStatus.getMessage(status), "Error");
        // Only client errors explain themselves: a server error's message may carry an exception's text.
        String detail = status < 500 && message != null && !message.isBlank() ? clean(message) : title;
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        byte[] body;
        if (path != null && path.startsWith("/api/")) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemJson.MEDIA_TYPE);
            body = ProblemJson.of(status, title, detail).toJson().getBytes(StandardCharsets.UTF_8);
        } else {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html;charset=utf-8");
            body = ("<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>" + status + " " + html(title)
                    + "</title><h1>" + status + " " + html(title) + "</h1><p>" + html(detail) + "</p></html>\n")
                    .getBytes(StandardCharsets.UTF_8);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /** Jetty's message, printable characters only and bounded. */
    private static String clean(String message) {
        String printable = message.replaceAll("\\p{Cntrl}", "?");
        return printable.length() <= MAX_DETAIL ? printable : printable.substring(0, MAX_DETAIL) + "…";
    }

    private static String html(String text) {
        return StringUtil.XHTMLEnc(text);
    }
}
