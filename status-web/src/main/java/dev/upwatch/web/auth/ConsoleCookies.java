package dev.upwatch.web.auth;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Optional;

/**
 * The console's cookies, written in one place. Both carry the {@code __Host-} prefix, so the browser keeps them only
 * when they are {@code Secure}, for this host alone (no {@code Domain}) and for {@code Path=/}; {@code Secure} means
 * the browser returns them only over HTTPS, or plain HTTP to a loopback host. {@code HttpOnly}: no script reads them;
 * {@code SameSite=Lax}: another site's forms and scripts do not send them. No {@code Max-Age}: the server ends sessions.
 */
public final class ConsoleCookies {
    /** The session cookie: its value is the session secret. */
    public static final String SESSION = "__Host-upwatch-session";
    /** The sign-in form's double-submit cookie: its value is the form's CSRF token. */
    public static final String SIGN_IN = "__Host-upwatch-signin";
    private static final String ATTRIBUTES = "; Path=/; Secure; HttpOnly; SameSite=Lax";

    private ConsoleCookies() {
    }

    /** The {@code Set-Cookie} value that gives the browser {@code value} under {@code name}. */
    public static String set(String name, String value) {
        return name + "=" + value + ATTRIBUTES;
    }

    /** The {@code Set-Cookie} value that makes the browser forget {@code name}. */
    public static String clear(String name) {
        return name + "=" + ATTRIBUTES + "; Max-Age=0";
    }

    /** The value of the cookie {@code name} on {@code request}. */
    public static Optional<String> read(HttpServletRequest request, String name) {
        jakarta.servlet.http.Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (jakarta.servlet.http.Cookie cookie : cookies) {
            if (cookie.getName().equals(name)) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }
}
