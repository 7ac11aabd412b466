package dev.upwatch.web.admin;

/** A change the current state forbids (an id in use, a monitor owned by the file); the API answers 409. */
public final class AdminConflict extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AdminConflict(String message) {
        super(message);
    }
}
