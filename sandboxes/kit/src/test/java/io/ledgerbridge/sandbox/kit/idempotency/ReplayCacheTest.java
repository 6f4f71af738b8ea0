package io.ledgerbridge.sandbox.kit.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ledgerbridge.sandbox.kit.clock.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplayCacheTest {
    private final MovableClock clock = MovableClock.fixedAt(Instant.parse("2026-03-02T09:00:00Z"));
    private final ReplayCache<String> cache = new ReplayCache<>(clock, Duration.ofHours(24), 100);
    private final AtomicInteger runs = new AtomicInteger();

    @Test
    void the_same_key_gets_the_first_answer_without_running_again() {
        assertThat(cache.once("k", "body-1", () -> "created " + runs.incrementAndGet())).isEqualTo(new Replay.First<>("created 1"));
        assertThat(cache.once("k", "body-1", () -> "created " + runs.incrementAndGet())).isEqualTo(new Replay.Repeat<>("created 1"));
        assertThat(cache.answer("k", () -> "created " + runs.incrementAndGet())).isEqualTo("created 1");
        assertThat(runs).hasValue(1);
    }

    @Test
    void the_same_key_with_a_different_request_is_a_conflict() {
        cache.once("k", "body-1", () -> "created");
        assertThat(cache.once("k", "body-2", () -> "other")).isEqualTo(new Replay.Conflict<>("created"));
    }

    @Test
    void an_answer_expires_after_the_ttl_and_a_failed_run_keeps_nothing() {
        cache.once("k", null, () -> "first");
        clock.advance(Duration.ofHours(24));
        assertThat(cache.once("k", null, () -> "second")).isEqualTo(new Replay.First<>("second"));
        assertThatThrownBy(() -> cache.once("boom", null, () -> { throw new IllegalStateException("bug"); }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(cache.once("boom", null, () -> "ran")).isEqualTo(new Replay.First<>("ran"));
    }

    @Test
    void only_the_latest_keys_are_kept() {
        ReplayCache<Integer> small = ReplayCache.withoutExpiry(2);
        small.answer("a", () -> 1);
        small.answer("b", () -> 2);
        small.answer("c", () -> 3);
        assertThat(small.size()).isEqualTo(2);
        assertThat(small.answer("a", () -> 4)).isEqualTo(4);
    }
}
