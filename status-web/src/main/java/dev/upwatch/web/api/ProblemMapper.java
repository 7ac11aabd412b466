package dev.upwatch.web.api;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.glassfish.jersey.server.ParamException;

/**
 * Turns every error into an {@code application/problem+json} body; unexpected errors are logged, not shown. A
 * request parameter Jersey cannot convert to its declared type ({@code ?limit=abc} for an {@code int}) is a 400
 * naming the parameter — JAX-RS's default answer for a query parameter is a bare 404, as if the resource did not
 * exist. Only a path segment that does not convert stays a 404: that resource really does not exist.
 */
@Provider
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final System.Logger LOG = System.getLogger(ProblemMapper.class.getName());

    @Context
    private UriInfo uri;

    @Override
    public Response toResponse(Throwable failure) {
        int status;
        String detail;
        if (failure instanceof ParamException parameter && parameter.getParameterType() != PathParam.class) {
            status = 400;
            detail = unconvertible(parameter);
        } else if (failure instanceof WebApplicationException web) {
            status = web.getResponse().getStatus();
            detail = web.getMessage();
        } else {
            status = 500;
            detail = "internal error; see the server log";
            LOG.log(System.Logger.Level.ERROR, "request failed", failure);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Error" : type.getReasonPhrase();
        return Response.status(status)
                .type(ProblemJson.MEDIA_TYPE)
                .entity(ProblemJson.of(status, title, detail))
                .build();
    }

    /** {@code limit: must be a whole number, got 'abc'}. */
    private String unconvertible(ParamException parameter) {
        String name = parameter.getParameterName();
        String expected = parameter.getCause() instanceof NumberFormatException
                || parameter.getCause() != null && parameter.getCause().getCause() instanceof NumberFormatException
                ? "must be a whole number" : "has a value of the wrong form";
        String given = parameter.getParameterType() == QueryParam.class && uri != null
                ? uri.getQueryParameters().getFirst(name) : null;
        return name + ": " + expected + (given == null ? "" : ", got '" + given + "'");
    }
}
