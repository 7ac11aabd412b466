package dev.upwatch.web.export;

import jakarta.ws.rs.Path;

/**
 * Exports of every service, private ones included ({@code /api/v1/operator/exports/services/{id}/...}): the access
 * filter lets only requests with an API token (read or admin scope) reach these routes.
 */
@Path("/api/v1/operator/exports/services/{id}")
public final class OperatorExportResource extends ExportEndpoints {
    OperatorExportResource(ExportRoutes routes) {
        super(routes);
    }
}
