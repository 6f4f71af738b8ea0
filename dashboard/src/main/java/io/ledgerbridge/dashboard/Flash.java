package io.ledgerbridge.dashboard;

/**
 * One message for the next page a person sees, after a form was sent: what was done, or why it was refused (the
 * lifecycle's own sentence).
 */
public record Flash(Kind kind, String text) {

    public enum Kind {
        NOTICE, REFUSAL
    }

    public static Flash notice(String text) {
        return new Flash(Kind.NOTICE, text);
    }

    public static Flash refusal(String text) {
        return new Flash(Kind.REFUSAL, text);
    }
}
