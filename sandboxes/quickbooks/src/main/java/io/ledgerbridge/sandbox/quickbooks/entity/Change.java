package io.ledgerbridge.sandbox.quickbooks.entity;

import java.time.Instant;

/**
 * One write to one entity, as a webhook reports it. {@code operation} uses the webhook operation names of
 * API_FACTS A.9: {@code Create, Update, Delete, Merge, Void, Emailed}.
 */
public record Change(String realmId, EntityType type, String id, String operation, Instant at) {}
