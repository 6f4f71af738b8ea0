package io.ledgerbridge.dashboard.people;

import java.util.Locale;
import java.util.Optional;

/**
 * What a person may do in their workspace. A viewer sees everything and changes nothing (no retry, skip, settings,
 * connections, flows or keys); an admin does all but manage people; the owner does all.
 */
public enum Role {
    OWNER("Owner", "does everything, including managing people"),
    ADMIN("Admin", "does everything but manage people"),
    VIEWER("Viewer", "sees everything and changes nothing");

    /** What an action needs. */
    public enum Permission {
        VIEW, CHANGE, MANAGE_PEOPLE
    }

    private final String label;
    private final String means;

    Role(String label, String means) {
        this.label = label;
        this.means = means;
    }

    public String label() {
        return label;
    }

    public String means() {
        return means;
    }

    public boolean can(Permission p) {
        return switch (p) {
            case VIEW -> true;
            case CHANGE -> this != VIEWER;
            case MANAGE_PEOPLE -> this == OWNER;
        };
    }

    /** The refusal a person reads when their role does not allow an action. */
    public String refusal(Permission p) {
        return switch (p) {
            case VIEW -> "";
            case CHANGE -> "You are a viewer in this workspace: viewers see everything and change nothing. Ask an admin "
                    + "or the owner to do this, or to make you an admin.";
            case MANAGE_PEOPLE -> "Only the owner of the workspace can invite or remove people and change their roles. You are "
                    + (this == ADMIN ? "an admin" : "a viewer") + ".";
        };
    }

    /** "owner", "Admin", "VIEWER" → the role; empty for anything else. */
    public static Optional<Role> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(s.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
