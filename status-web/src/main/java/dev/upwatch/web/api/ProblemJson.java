package dev.upwatch.web.api;

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
}
