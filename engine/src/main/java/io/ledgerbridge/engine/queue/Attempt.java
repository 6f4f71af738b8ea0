package io.ledgerbridge.engine.queue;

import java.time.Instant;

/**
 * One try at a destination, kept for the attempt history: what was sent, what came back, how it ended.
 *
 * @param request  the outbound record (serialised by the store), or null when nothing was sent
 * @param response what the destination answered, in words
 */
public record Attempt(String idempotencyKey, String operation, Object request, String response, Instant startedAt,
        Instant finishedAt) {}
