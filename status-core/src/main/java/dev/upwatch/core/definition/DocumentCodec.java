package dev.upwatch.core.definition;

import java.util.Map;

/** Out-port: the JSON text a definition of the API is stored as. */
public interface DocumentCodec {

    /**
     * {@code keys} as the document stored for them.
     *
     * @throws IllegalArgumentException when they cannot be written
     */
    String write(Map<String, Object> keys);

    /**
     * A stored document read back as the definition's keys.
     *
     * @throws IllegalArgumentException when it is not a JSON object
     */
    Map<String, Object> read(String document);
}
