package dev.upwatch.core.definition;

/** Why a change of definitions is refused although the definition itself is valid (the API answers 409). */
public enum Refusal {
    /** Another definition of the same kind has the id (or name). */
    ID_TAKEN,
    /** The configuration file owns it: edit the file and reload. */
    OWNED_BY_FILE,
    /** The definition names an id other than the one it replaces; ids never change. */
    ID_CHANGED,
    /** Other definitions depend on it (a group with monitors, a group a maintenance window names). */
    IN_USE,
    /** The reloaded file would take ids of the API's definitions. */
    FILE_CLASHES_WITH_API,
    /** The monitor's type cannot be checked on demand (a push monitor waits for pushes; a probe outside egress checks). */
    NOT_CHECKABLE
}
