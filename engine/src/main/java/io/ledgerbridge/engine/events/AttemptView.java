package io.ledgerbridge.engine.events;

import java.time.Instant;

/** One attempt of an event: what was sent (JSON), what came back, how it ended. */
public record AttemptView(long id, int number, String node, String idempotencyKey, String operation, String request,
        String response, String outcome, String errorCode, Instant startedAt, Instant finishedAt) {}
