package dev.upwatch.persistence;

/** Makes free text fit the text columns of both databases. */
final class StoredText {
    /** Stands in for characters PostgreSQL text cannot hold (NUL). */
    static final char REPLACEMENT = '\uFFFD';

    private StoredText() {
    }

    /** The text with every NUL replaced by U+FFFD; same length, so length prefixes stay right. */
    static String storable(String text) {
        return text.indexOf('\0') < 0 ? text : text.replace('\0', REPLACEMENT);
    }

    /** The storable text cut to at most {@code maxChars} UTF-16 units, never between the halves of a surrogate pair. */
    static String storable(String text, int maxChars) {
        String clean = storable(text);
        if (clean.length() <= maxChars) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return clean.substring(0, end);
    }
}
