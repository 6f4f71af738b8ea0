package io.ledgerbridge.sandbox.hubspot.crm;

/** One entry of a v3 read's {@code associations.{toType}.results[]}: {@code {"id":"123","type":"invoice_to_contact"}}. */
public record AssociatedId(String id, String type) {}
