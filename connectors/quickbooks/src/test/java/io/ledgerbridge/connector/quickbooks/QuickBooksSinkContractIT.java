package io.ledgerbridge.connector.quickbooks;

import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.contract.DestinationProbe;
import io.ledgerbridge.connector.contract.SinkContract;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The QuickBooks connector against the QuickBooks sandbox over real HTTP, through the common sink contract. */
class QuickBooksSinkContractIT extends SinkContract {

    private static QuickBooksSandbox sandbox;
    private SandboxCompany company;
    private Sink sink;

    @BeforeAll
    static void start() {
        sandbox = QuickBooksSandbox.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void newCompany() {
        company = new SandboxCompany(sandbox, Map.of());
        sink = company.openSink();
    }

    @Override
    protected Sink sink() {
        return sink;
    }

    @Override
    protected DestinationProbe probe() {
        return company;
    }
}
