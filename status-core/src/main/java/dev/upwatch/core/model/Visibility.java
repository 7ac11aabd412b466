package dev.upwatch.core.model;

/** Who may see a monitor: everyone on the public page and API, or only the operators (admin API, metrics). */
public enum Visibility {
    /** Shown on the status page, the public API, badges and the event stream. */
    PUBLIC,
    /** Checked and stored like any other, but absent from every public route. */
    PRIVATE
}
