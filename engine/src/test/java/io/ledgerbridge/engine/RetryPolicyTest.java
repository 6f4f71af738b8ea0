package io.ledgerbridge.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.engine.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    private final RetryPolicy policy = new RetryPolicy(5, Duration.ofSeconds(2), Duration.ofSeconds(30));
    private final Instant now = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void waits_grow_exponentially_within_half_to_all_of_the_ceiling() {
        var random = new SplittableRandom(42);
        long[] ceilings = {2, 4, 8, 16};
        for (int attempt = 1; attempt <= 4; attempt++) {
            for (int i = 0; i < 200; i++) {
                var wait = Duration.between(now, policy.nextAttempt(attempt, now, random).orElseThrow());
                assertThat(wait).isBetween(Duration.ofMillis(ceilings[attempt - 1] * 500), Duration.ofSeconds(ceilings[attempt - 1]));
            }
        }
    }

    @Test
    void jitter_spreads_nodes_that_failed_together() {
        var random = new SplittableRandom(7);
        var waits = new java.util.HashSet<Instant>();
        for (int i = 0; i < 50; i++) {
            waits.add(policy.nextAttempt(3, now, random).orElseThrow());
        }
        assertThat(waits).hasSizeGreaterThan(40);
    }

    @Test
    void the_ceiling_is_capped() {
        var big = new RetryPolicy(40, Duration.ofSeconds(2), Duration.ofSeconds(30));
        var wait = Duration.between(now, big.nextAttempt(39, now, new SplittableRandom(1)).orElseThrow());
        assertThat(wait).isLessThanOrEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void after_the_last_attempt_there_is_no_next_one() {
        assertThat(policy.nextAttempt(5, now, new SplittableRandom(1))).isEmpty();
        assertThat(policy.nextAttempt(4, now, new SplittableRandom(1))).isPresent();
    }
}
