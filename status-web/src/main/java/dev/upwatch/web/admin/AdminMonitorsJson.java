package dev.upwatch.web.admin;

import java.util.List;

/**
 * Every monitor, the configuration file's first.
 *
 * @param monitors in display order
 */
public record AdminMonitorsJson(List<AdminMonitorJson> monitors) {
}
