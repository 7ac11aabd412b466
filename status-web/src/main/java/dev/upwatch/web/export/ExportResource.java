package dev.upwatch.web.export;

import jakarta.ws.rs.Path;

/**
 * Exports of the public services ({@code /api/v1/exports/services/{id}/samples} and {@code .../rollups}): open to
 * whoever may read the page; a private monitor is not found here (see {@link OperatorExportResource}).
 */
@Path("/api/v1/exports/services/{id}")
public final class ExportResource extends ExportEndpoints {
    ExportResource(ExportRoutes routes) {
        super(routes);
    }
}
