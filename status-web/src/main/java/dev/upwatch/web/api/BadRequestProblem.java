package dev.upwatch.web.api;

import jakarta.ws.rs.BadRequestException;

/** A request parameter is invalid; rendered as a 400 problem naming the parameter. */
public final class BadRequestProblem extends BadRequestException {
    private static final long serialVersionUID = 1L;

    public BadRequestProblem(String parameter, String problem) {
        super(parameter + ": " + problem);
    }
}
