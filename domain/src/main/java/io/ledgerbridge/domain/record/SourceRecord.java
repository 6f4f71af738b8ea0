package io.ledgerbridge.domain.record;

import java.util.List;

/**
 * A record as the source system has it, in Ledgerbridge's canonical shape.
 * {@link #validate()} returns every problem with the field it concerns; an empty list means valid.
 */
public sealed interface SourceRecord permits Customer, Product, Invoice, Payment {

    /** The record's id in its source system. */
    String id();

    RecordType type();

    /** The key a destination can find this record by without a mapping: email, SKU, document number. */
    String naturalKey();

    /** Which integration wrote this record in the source, when known (for "Skip Integration Source"). */
    String writtenBy();

    List<FieldProblem> validate();
}
