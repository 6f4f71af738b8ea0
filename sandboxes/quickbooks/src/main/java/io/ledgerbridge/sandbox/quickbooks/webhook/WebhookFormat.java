package io.ledgerbridge.sandbox.quickbooks.webhook;

/** API_FACTS A.9: the legacy {@code eventNotifications} object or the CloudEvents array (now mandatory). */
public enum WebhookFormat { LEGACY, CLOUD_EVENTS }
