package io.ledgerbridge.domain;

import static io.ledgerbridge.domain.sync.SyncAction.*;
import static io.ledgerbridge.domain.sync.SyncStatus.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.ledgerbridge.domain.sync.Lifecycle;
import io.ledgerbridge.domain.sync.Lifecycle.Transition.Allowed;
import io.ledgerbridge.domain.sync.Lifecycle.Transition.Refused;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void retry_of_a_failed_sync_goes_back_to_pending_and_counts_as_a_retry() {
        assertThat(Lifecycle.transition(FAILED, RETRY)).isEqualTo(new Allowed(PENDING, true));
    }

    @Test
    void retry_of_a_pending_sync_requeues_it_without_counting() {
        assertThat(Lifecycle.transition(PENDING, RETRY)).isEqualTo(new Allowed(PENDING, false));
    }

    @Test
    void a_successful_sync_cannot_be_retried_and_says_why() {
        assertThat(Lifecycle.transition(SUCCESS, RETRY)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).contains("cannot be retried").contains("later change"));
    }

    @Test
    void a_processing_sync_must_finish_before_retry_or_skip() {
        assertThat(Lifecycle.transition(PROCESSING, RETRY)).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.reason()).contains("wait for it to finish"));
        assertThat(Lifecycle.transition(PROCESSING, SKIP)).isInstanceOf(Refused.class);
    }

    @Test
    void only_pending_syncs_can_be_claimed_and_only_processing_ones_complete() {
        assertThat(Lifecycle.statusesAllowing(CLAIM)).containsExactly(PENDING);
        assertThat(Lifecycle.statusesAllowing(SUCCEED)).containsExactly(PROCESSING);
        assertThat(Lifecycle.statusesAllowing(FAIL)).containsExactly(PROCESSING);
        assertThat(Lifecycle.statusesAllowing(LEASE_EXPIRED)).containsExactly(PROCESSING);
    }

    @Test
    void skip_is_allowed_from_pending_and_failed_only() {
        assertThat(Lifecycle.statusesAllowing(SKIP)).containsExactlyInAnyOrder(PENDING, FAILED);
    }

    @Test
    void every_status_answers_every_action() {
        for (var s : io.ledgerbridge.domain.sync.SyncStatus.values()) {
            for (var a : io.ledgerbridge.domain.sync.SyncAction.values()) {
                assertThat(Lifecycle.transition(s, a)).isNotNull();
            }
        }
    }
}
