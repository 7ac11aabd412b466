package dev.upwatch.web.reader;

import dev.upwatch.web.api.BadRequestProblem;
import jakarta.ws.rs.core.MediaType;

import java.util.Locale;

/** The formats reports and exports are written in, chosen by the {@code format} parameter. */
public enum ExportFormat {
    /** A JSON document. */
    JSON(MediaType.valueOf("application/json; charset=UTF-8"), "json"),
    /** RFC 4180 CSV with a header row. */
    CSV(MediaType.valueOf("text/csv; charset=UTF-8; header=present"), "csv");

    private final MediaType mediaType;
    private final String extension;

    ExportFormat(MediaType mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** The content type answered. */
    public MediaType mediaType() {
        return mediaType;
    }

    /** The file name extension, e.g. {@code csv}. */
    public String extension() {
        return extension;
    }

    /**
     * The format named by {@code text} ({@code json} or {@code csv}, any case); {@code fallback} when not given.
     *
     * @throws BadRequestProblem naming {@code format} for any other value
     */
    public static ExportFormat of(String text, ExportFormat fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "json" -> JSON;
            case "csv" -> CSV;
            default -> throw new BadRequestProblem("format", "must be json or csv, got '" + text + "'");
        };
    }
}
