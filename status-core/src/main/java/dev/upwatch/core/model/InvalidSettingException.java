package dev.upwatch.core.model;

/** A probe setting is missing or wrong; names the setting so the configuration error can point at it. */
public final class InvalidSettingException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public InvalidSettingException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    /** The setting's key as written in the configuration, e.g. {@code url}. */
    public String key() {
        return key;
    }

    /** The problem without the key. */
    public String problem() {
        return getMessage().substring(key.length() + 2);
    }
}
