package io.ledgerbridge.sandbox.quickbooks.fault;

/** Carries a {@link Fault} out of a business rule to the HTTP edge (or into a batch item response). */
public final class FaultException extends RuntimeException {
    private final Fault fault;

    public FaultException(Fault fault) {
        super(fault.code() + " " + fault.errors().getFirst().message() + ": " + fault.errors().getFirst().detail(), null, false, false);
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }
}
