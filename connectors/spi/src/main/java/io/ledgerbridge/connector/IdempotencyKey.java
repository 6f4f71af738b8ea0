package io.ledgerbridge.connector;

import io.ledgerbridge.domain.record.RecordType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The key a write is sent with, derived from (flow, record type, source id, record version): the same record
 * version written again always carries the same key, a new version a new key. 32 hex characters, so it fits
 * every vendor's limit (QuickBooks batch {@code requestid} takes 36, Xero {@code Idempotency-Key} 128).
 */
public record IdempotencyKey(String value) {

    public IdempotencyKey {
        if (value == null || value.isBlank() || value.length() > 36) {
            throw new IllegalArgumentException("an idempotency key has 1 to 36 characters");
        }
    }

    public static IdempotencyKey of(String flowId, RecordType type, String sourceId, long version, String operation) {
        try {
            var digest = MessageDigest.getInstance("SHA-256").digest(
                    (flowId + '\n' + type + '\n' + sourceId + '\n' + version + '\n' + operation)
                            .getBytes(StandardCharsets.UTF_8));
            return new IdempotencyKey(HexFormat.of().formatHex(digest, 0, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
