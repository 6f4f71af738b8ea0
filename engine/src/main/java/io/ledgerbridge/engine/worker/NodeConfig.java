package io.ledgerbridge.engine.worker;

import java.time.Duration;

/**
 * How one node works the queue.
 *
 * @param nodeId       unique per process; leases carry it
 * @param workers      worker loops (virtual threads), each claiming its own batches
 * @param batchSize    events claimed at once
 * @param lease        how long a claim holds without a heartbeat; a node silent for longer is taken as stopped
 * @param pollInterval how long an idle worker waits before looking again (pushes wake it earlier)
 */
public record NodeConfig(String nodeId, int workers, int batchSize, Duration lease, Duration pollInterval) {
    public NodeConfig {
        if (workers < 1 || batchSize < 1) {
            throw new IllegalArgumentException("workers and batchSize must be at least 1");
        }
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lease must be at least one second");
        }
    }

    public static NodeConfig defaults(String nodeId) {
        return new NodeConfig(nodeId, 4, 200, Duration.ofSeconds(30), Duration.ofMillis(250));
    }
}
