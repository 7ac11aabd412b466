package dev.upwatch.web.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Turns every error into an {@code application/problem+json} body; unexpected errors are logged, not shown. */
@Provider
public final class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final System.Logger LOG = System.getLogger(ProblemMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        int status;
        String detail;
        if (failure instanceof WebApplicationException web) {
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
                .entity(new ProblemJson("about:blank", title, status, detail))
                .build();
    }
}
