package dev.upwatch.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}).
 *
 * @param type   a URI naming the kind of problem ({@code about:blank} for plain HTTP errors)
 * @param title  short summary of the kind
 * @param status HTTP status code
 * @param detail what went wrong in this request
 */
public record ProblemJson(String type, String title, int status, String detail) {
    /** Media type of problem responses. */
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A plain HTTP problem ({@code about:blank}). */
    public static ProblemJson of(int status, String title, String detail) {
        return new ProblemJson("about:blank", title, status, detail);
    }

    /**
     * The JSON text, for answers written outside Jersey (the access filter, the web server's own error answers), in
     * the shape Jersey's Jackson writes.
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings and an int always serializes", e);
        }
    }
}
