package dev.upwatch.web.admin;

import dev.upwatch.core.model.ChannelDefinition;
import dev.upwatch.notify.ChannelSettings;

import java.util.Objects;
import java.util.Optional;

/**
 * A notification channel in force and where it comes from.
 *
 * @param settings   the validated channel
 * @param definition the stored definition, for channels of the API; empty for the file's
 */
public record ManagedChannel(ChannelSettings settings, Optional<ChannelDefinition> definition) {
    public ManagedChannel {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(definition, "definition");
    }

    /** Who owns it. */
    public MonitorSource source() {
        return definition.isPresent() ? MonitorSource.API : MonitorSource.CONFIG;
    }
}
