package dev.upwatch.web.admin;

import java.util.List;

/**
 * An RFC 9457 problem detail for an invalid admin request, with every bad field.
 *
 * @param type   always {@code about:blank}
 * @param title  {@code Bad Request}
 * @param status 400
 * @param detail all problems in one line
 * @param errors each problem with the field it concerns
 */
public record ValidationProblemJson(String type, String title, int status, String detail, List<FieldProblem> errors) {
}
