package io.ledgerbridge.sandbox.kit.idempotency;

/**
 * What {@link ReplayCache#once} did with a request: ran it ({@link First}), gave back the answer of an earlier request
 * with the same key and the same fingerprint ({@link Repeat}), or refused because the key was used by a different
 * request ({@link Conflict}, e.g. Stripe-style idempotency keys reused with another body). Switch over it.
 */
public sealed interface Replay<R> {
    record First<R>(R answer) implements Replay<R> {}

    record Repeat<R>(R answer) implements Replay<R> {}

    /** @param original the answer the key's first request got */
    record Conflict<R>(R original) implements Replay<R> {}
}
