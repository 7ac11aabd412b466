package dev.upwatch.web.config;

import dev.upwatch.calendar.Recurrences;
import dev.upwatch.core.definition.Defined;
import dev.upwatch.core.definition.Owner;
import dev.upwatch.core.probe.ProbeRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every definition of the file knows its line, so the API and the console can say where a read-only one is. */
class DefinitionOriginTest {
    private final ConfigLoader loader = new ConfigLoader(ProbeRegistry.load(getClass().getClassLoader()),
            Recurrences.parser(), Map.of());

    @Test
    void monitorsChannelsAndMaintenanceWindowsCarryTheirFileAndLine() {
        UpwatchConfig config = loader.parse("""
                monitors:
                  - { id: db, type: tcp, host: h, port: 2 }

                  - id: web
                    type: tcp
                    host: h
                    port: 3
                notifications:
                  - { id: ops, type: webhook, url: "https://hooks.example.com/x" }
                maintenance:
                  - { title: Backups, cron: "45 23 * * *", duration: 30m }
                  - { title: Vacuum, cron: "0 3 * * 0", duration: 1h }
                """, "upwatch.yml", Path.of("/etc/upwatch"));

        assertEquals(List.of("db: defined in upwatch.yml, line 2", "web: defined in upwatch.yml, line 4"),
                described(config.definedMonitors()));
        assertEquals(List.of("ops: defined in upwatch.yml, line 9"), described(config.definedNotifications()));
        assertEquals(List.of("config-1: defined in upwatch.yml, line 11", "config-2: defined in upwatch.yml, line 12"),
                described(config.definedMaintenance()));
        assertEquals(Owner.FILE, config.definedMonitors().getFirst().owner());
    }

    private static List<String> described(List<? extends Defined<?>> defined) {
        return defined.stream().map(d -> d.id() + ": " + d.origin().describe()).toList();
    }
}
