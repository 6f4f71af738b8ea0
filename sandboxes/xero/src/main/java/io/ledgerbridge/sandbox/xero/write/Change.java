package io.ledgerbridge.sandbox.xero.write;

import io.ledgerbridge.sandbox.xero.organisation.Resource;

/** A saved create or update, as webhooks announce it (eventType CREATE|UPDATE, xero-webhooks.yaml WebhookEvent). */
public record Change(String tenantId, Resource resource, String id, boolean created) {}
