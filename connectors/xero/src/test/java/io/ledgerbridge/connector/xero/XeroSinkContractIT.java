package io.ledgerbridge.connector.xero;

import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.contract.DestinationProbe;
import io.ledgerbridge.connector.contract.SinkContract;
import io.ledgerbridge.sandbox.xero.XeroSandbox;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The Xero connector against the Xero sandbox over real HTTP, through the common sink contract. */
class XeroSinkContractIT extends SinkContract {

    private static XeroSandbox sandbox;
    private SandboxOrganisation organisation;
    private Sink sink;

    @BeforeAll
    static void start() {
        sandbox = XeroSandbox.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void newOrganisation() {
        organisation = new SandboxOrganisation(sandbox, Map.of());
        sink = organisation.openSink();
    }

    @Override
    protected Sink sink() {
        return sink;
    }

    @Override
    protected DestinationProbe probe() {
        return organisation;
    }
}
