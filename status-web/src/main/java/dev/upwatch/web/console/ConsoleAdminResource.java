package dev.upwatch.web.console;

import dev.upwatch.core.account.Account;
import dev.upwatch.core.account.Accounts;
import dev.upwatch.core.account.AuditEntry;
import dev.upwatch.core.account.AuditLog;
import dev.upwatch.core.account.Role;
import dev.upwatch.core.account.UserName;
import dev.upwatch.core.model.ApiToken;
import dev.upwatch.core.model.TokenScope;
import dev.upwatch.core.service.ApiTokens;
import dev.upwatch.web.auth.ConsoleUser;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;

/**
 * The admins' pages for console users and API tokens: list, create (a token's secret shown once), change a user's
 * role, reset a password (which ends the user's sessions), delete a user, revoke a token. {@code ConsoleGate} lets
 * only admins here (route {@code /admin/users} and {@code /admin/tokens}) and has checked every form's CSRF proof;
 * each change is recorded in the audit log by what it did (the gate records the request as well). A change that
 * would leave the console without an admin is refused.
 */
@Path("/admin")
@Produces(MediaType.TEXT_HTML)
public final class ConsoleAdminResource {
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final AuditLog audit;
    private final Clock clock;

    @Inject
    ConsoleAdminResource(Accounts accounts, ApiTokens tokens, AuditLog audit, Clock clock) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What an answer says above the list: a change done, or why it was refused. */
    private record Notice(int status, String message, String error) {
        static Notice none() {
            return new Notice(200, "", "");
        }

        static Notice done(String message) {
            return new Notice(200, message, "");
        }

        static Notice refused(int status, String error) {
            return new Notice(status, "", error);
        }
    }

    /** The users. */
    @GET
    @Path("users")
    public Response users(@Context HttpServletRequest request) {
        return usersPage(request, Notice.none(), "");
    }

    /** Adds a user with the role and password the admin chose. */
    @POST
    @Path("users")
    public Response addUser(@Context HttpServletRequest request) {
        String name = field(request, "name");
        try {
            UserName user = new UserName(name);
            Role role = Role.fromWireName(field(request, "role"));
            accounts.add(user, role, password(request));
            record(request, "user add", user.value(), "added as " + role.wireName());
            return usersPage(request, Notice.done("Added " + user.value() + " as " + role.wireName() + "."), "");
        } catch (IllegalArgumentException e) {
            record(request, "user add", name, "refused: " + e.getMessage());
            return usersPage(request, Notice.refused(400, e.getMessage()), name);
        }
    }

    /** Gives a user another role. */
    @POST
    @Path("users/{name}/role")
    public Response changeRole(@Context HttpServletRequest request, @PathParam("name") String name) {
        return withUser(request, name, "user role", account -> {
            Role role = Role.fromWireName(field(request, "role"));
            if (account.role() == Role.ADMIN && role != Role.ADMIN && lastAdmin()) {
                throw new Conflict("role: " + account.name().value() + " is the only admin; make another user admin"
                        + " first");
            }
            accounts.changeRole(account.name(), role);
            return new Outcome("role " + account.role().wireName() + " → " + role.wireName(),
                    account.name().value() + " is now " + role.wireName() + ".");
        });
    }

    /** Sets a user's password (the admin gives it to them); every session of the user ends. */
    @POST
    @Path("users/{name}/password")
    public Response resetPassword(@Context HttpServletRequest request, @PathParam("name") String name) {
        return withUser(request, name, "user passwd", account -> {
            accounts.changePassword(account.name(), password(request));
            return new Outcome("password set; sessions ended",
                    "New password set for " + account.name().value() + "; their sessions have ended.");
        });
    }

    /** Deletes a user and ends their sessions. */
    @POST
    @Path("users/{name}/delete")
    public Response deleteUser(@Context HttpServletRequest request, @PathParam("name") String name) {
        return withUser(request, name, "user remove", account -> {
            if (account.name().equals(ConsoleUser.of(request).orElseThrow().account().name())) {
                throw new Conflict("name: you cannot delete your own account; another admin can");
            }
            if (account.role() == Role.ADMIN && lastAdmin()) {
                throw new Conflict("name: " + account.name().value() + " is the only admin");
            }
            accounts.remove(account.name());
            return new Outcome("removed", "Deleted " + account.name().value() + ".");
        });
    }

    /** The API tokens, the configured ones included (not revocable here). */
    @GET
    @Path("tokens")
    public Response tokenList(@Context HttpServletRequest request) {
        return tokensPage(request, Notice.none(), Optional.empty());
    }

    /** Makes a token; its secret is in this answer only. */
    @POST
    @Path("tokens")
    public Response createToken(@Context HttpServletRequest request) {
        String name = field(request, "name");
        try {
            TokenScope scope = TokenScope.fromWireName(field(request, "scope"));
            if (name.isBlank() || name.length() > 100) {
                throw new IllegalArgumentException("name: a token's name is 1 to 100 characters");
            }
            ApiTokens.Issued issued = tokens.create(name, scope);
            record(request, "token create", issued.token().id(), "created, scope " + scope.wireName());
            return tokensPage(request, Notice.done("Created token " + issued.token().id() + " (" + name + ")."),
                    Optional.of(issued.secret().value()));
        } catch (IllegalArgumentException e) {
            record(request, "token create", name, "refused: " + e.getMessage());
            return tokensPage(request, Notice.refused(400, e.getMessage()), Optional.empty());
        }
    }

    /** Revokes a stored token. */
    @POST
    @Path("tokens/{id}/revoke")
    public Response revokeToken(@Context HttpServletRequest request, @PathParam("id") String id) {
        try {
            if (!tokens.revoke(id)) {
                record(request, "token revoke", id, "refused: no such active token");
                return tokensPage(request, Notice.refused(404, "No active stored token has the id " + id + "."),
                        Optional.empty());
            }
        } catch (IllegalArgumentException e) {
            record(request, "token revoke", id, "refused: " + e.getMessage());
            return tokensPage(request, Notice.refused(409, e.getMessage()), Optional.empty());
        }
        record(request, "token revoke", id, "revoked");
        return tokensPage(request, Notice.done("Revoked token " + id + "."), Optional.empty());
    }

    /** A change refused because of the state it would leave (HTTP 409). */
    private static final class Conflict extends RuntimeException {
        Conflict(String message) {
            super(message);
        }
    }

    /** What a change to a user did: for the audit log, and for the admin. */
    private record Outcome(String audited, String message) {
    }

    private interface UserChange {
        Outcome apply(Account account);
    }

    private Response withUser(HttpServletRequest request, String name, String action, UserChange change) {
        Optional<Account> account;
        try {
            account = accounts.find(new UserName(name));
        } catch (IllegalArgumentException e) {
            account = Optional.empty();
        }
        if (account.isEmpty()) {
            record(request, action, name, "refused: no such user");
            return usersPage(request, Notice.refused(404, "name: there is no user named " + name), "");
        }
        try {
            Outcome outcome = change.apply(account.get());
            record(request, action, name, outcome.audited());
            return usersPage(request, Notice.done(outcome.message()), "");
        } catch (Conflict e) {
            record(request, action, name, "refused: " + e.getMessage());
            return usersPage(request, Notice.refused(409, e.getMessage()), "");
        } catch (IllegalArgumentException e) {
            record(request, action, name, "refused: " + e.getMessage());
            return usersPage(request, Notice.refused(400, e.getMessage()), "");
        }
    }

    private boolean lastAdmin() {
        return accounts.list().stream().filter(a -> a.role() == Role.ADMIN).count() <= 1;
    }

    private Response usersPage(HttpServletRequest request, Notice notice, String typedName) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        var rows = accounts.list().stream().map(a -> new ConsoleViews.UserRow(a.name().value(), a.role().wireName(),
                shown(a.createdAt()), shown(a.passwordChangedAt()), a.name().equals(user.account().name()))).toList();
        return answer(notice.status(), ConsoleResource.html("console/users.ftlh", new ConsoleViews.UsersView(
                ConsoleFrame.of(user, "Users", "users"), rows, notice.message(), notice.error(), typedName)));
    }

    private Response tokensPage(HttpServletRequest request, Notice notice, Optional<String> secret) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        var rows = tokens.list().stream().map(token -> row(token, tokens.isConfigured(token))).toList();
        return answer(notice.status(), ConsoleResource.html("console/tokens.ftlh", new ConsoleViews.TokensView(
                ConsoleFrame.of(user, "API tokens", "tokens"), rows, notice.message(), notice.error(),
                secret.orElse(""))));
    }

    private static ConsoleViews.TokenRow row(ApiToken token, boolean configured) {
        String state = configured ? "configured" : token.isActive() ? "active" : "revoked";
        return new ConsoleViews.TokenRow(token.id(), token.name(), token.scope().wireName(), shown(token.createdAt()),
                token.lastUsedAt().map(ConsoleAdminResource::shown).orElse("never"), state,
                !configured && token.isActive());
    }

    private static Response answer(int status, Object html) {
        return Response.status(status).type("text/html; charset=UTF-8").entity(html).build();
    }

    private static String shown(Instant at) {
        return SHOWN.format(at);
    }

    private static String field(HttpServletRequest request, String name) {
        return Objects.requireNonNullElse(request.getParameter(name), "").strip();
    }

    /** The form's password, as typed (not stripped: spaces are part of a passphrase). */
    private static char[] password(HttpServletRequest request) {
        return Objects.requireNonNullElse(request.getParameter("password"), "").toCharArray();
    }

    private void record(HttpServletRequest request, String action, String subject, String outcome) {
        ConsoleUser user = ConsoleUser.of(request).orElseThrow();
        audit.record(new AuditEntry(clock.instant(), AuditEntry.user(user.account().name()), action,
                subject.isEmpty() ? "-" : subject, outcome));
    }
}
