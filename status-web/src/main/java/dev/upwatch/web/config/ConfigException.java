package dev.upwatch.web.config;

import dev.upwatch.core.config.ConfigProblem;
import dev.upwatch.core.config.InvalidConfigException;

import java.util.List;

/** The configuration is invalid; the message lists every problem with file, line and key. */
public final class ConfigException extends InvalidConfigException {
    private static final long serialVersionUID = 1L;

    public ConfigException(List<ConfigProblem> problems) {
        super(problems);
    }
}
