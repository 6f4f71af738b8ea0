package io.ledgerbridge.sandbox.quickbooks.entity;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a rule needs to decide one write.
 *
 * @param allowDuplicateDocNumber {@code include=allowduplicatedocnum} was on the request (API_FACTS A.2, DocNumber)
 */
record WriteContext(Books books, Instant now, LocalDate today, boolean allowDuplicateDocNumber) {}
