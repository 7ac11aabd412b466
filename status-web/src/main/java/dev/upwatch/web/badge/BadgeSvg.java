package dev.upwatch.web.badge;

import java.util.Locale;
import java.util.Objects;

/**
 * A flat, shields-like badge: a grey label and a coloured value, as a self-contained SVG. Widths are estimated
 * from the character count of the 11 px Verdana/DejaVu text (no font metrics on the server); text is XML-escaped.
 *
 * @param label  left text, e.g. {@code status}
 * @param value  right text, e.g. {@code up}
 * @param colour right background as {@code #rrggbb}; every colour used has white text at WCAG AA contrast
 */
record BadgeSvg(String label, String value, String colour) {
    static final String UP = "#146c43";
    static final String DEGRADED = "#8a5a00";
    static final String DOWN = "#b02a37";
    static final String MAINTENANCE = "#0a58ca";
    static final String GREY = "#5c636a";
    private static final String LABEL_COLOUR = "#444d56";
    private static final int MAX_TEXT = 60;

    BadgeSvg {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        if (!colour.matches("#[0-9a-f]{6}")) {
            throw new IllegalArgumentException("colour must be #rrggbb: " + colour);
        }
        label = shorten(label);
        value = shorten(value);
    }

    /** The SVG document. */
    String render() {
        int labelWidth = width(label);
        int valueWidth = width(value);
        int total = labelWidth + valueWidth;
        String title = escape(label + ": " + value);
        return String.format(Locale.ROOT, """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s">\
                <title>%s</title>\
                <linearGradient id="s" x2="0" y2="100%%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>\
                <clipPath id="r"><rect width="%d" height="20" rx="3" fill="#fff"/></clipPath>\
                <g clip-path="url(#r)"><rect width="%d" height="20" fill="%s"/><rect x="%d" width="%d" height="20" fill="%s"/>\
                <rect width="%d" height="20" fill="url(#s)"/></g>\
                <g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">\
                <text x="%.1f" y="14">%s</text><text x="%.1f" y="14">%s</text></g></svg>""",
                total, title, title, total, labelWidth, LABEL_COLOUR, labelWidth, valueWidth, colour, total,
                labelWidth / 2.0, escape(label), labelWidth + valueWidth / 2.0, escape(value));
    }

    private static int width(String text) {
        return 10 + (int) Math.ceil(text.codePointCount(0, text.length()) * 7.0);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (c >= 0x20 || c == '\t') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
