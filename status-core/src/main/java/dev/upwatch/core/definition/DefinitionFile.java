package dev.upwatch.core.definition;

import java.util.List;

/**
 * Out-port: the definitions of one kind in the configuration file, read again for a reload, each with its line.
 *
 * @param <T> the kind of definition
 */
@FunctionalInterface
public interface DefinitionFile<T> {

    /**
     * The file's definitions of this kind, in file order.
     *
     * @throws dev.upwatch.core.config.InvalidConfigException when the file is invalid
     * @throws IllegalStateException when the instance was not started from a file
     */
    List<Defined<T>> read();

    /** For an instance not started from a file: a reload is refused. */
    static <T> DefinitionFile<T> none() {
        return () -> {
            throw new IllegalStateException(
                    "this instance was not started from a configuration file; there is nothing to reload");
        };
    }
}
