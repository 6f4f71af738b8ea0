package io.ledgerbridge.connector.reference;

import io.ledgerbridge.connector.ConnectionContext;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.contract.DestinationProbe;
import io.ledgerbridge.connector.contract.SinkContract;
import io.ledgerbridge.domain.record.RecordType;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.sandbox.reference.ReferenceLedger;
import io.ledgerbridge.sandbox.reference.ReferenceSandbox;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The reference connector against the reference ledger over real HTTP, through the common sink contract. */
class ReferenceSinkContractIT extends SinkContract {

    private static ReferenceSandbox sandbox;
    private ReferenceLedger ledger;
    private Sink sink;

    @BeforeAll
    static void start() {
        sandbox = ReferenceSandbox.start(0);
    }

    @AfterAll
    static void stop() {
        sandbox.close();
    }

    @BeforeEach
    void newLedger() {
        String id = "l-" + UUID.randomUUID();
        ledger = sandbox.createLedger(id, "token-" + id);
        sink = new ReferenceConnector(Clock.systemUTC()).openSink(new ConnectionContext(ConnectionId.random(),
                Map.of("baseUrl", sandbox.baseUrl(), "ledger", id, "maxBatch", "10"), TokenAccess.fixed("token-" + id)));
    }

    @Override
    protected Sink sink() {
        return sink;
    }

    @Override
    protected DestinationProbe probe() {
        return new DestinationProbe() {
            @Override
            public String createProduct(String sku, String name) {
                return ledger.createItem(sku, name);
            }

            @Override
            public int count(RecordType type) {
                return ledger.count(entity(type));
            }

            @Override
            public int countWithKey(RecordType type, String key) {
                return ledger.countWhere(entity(type), switch (type) {
                    case CUSTOMER -> "email";
                    case PRODUCT -> "sku";
                    case INVOICE -> "number";
                    case PAYMENT -> "reference";
                }, key);
            }

            @Override
            public boolean isVoided(String invoiceId) {
                return ledger.get("invoice", invoiceId).get("voided").asBoolean();
            }

            @Override
            public void revokeAuthorisation() {
                ledger.revokeToken();
            }
        };
    }

    static String entity(RecordType type) {
        return switch (type) {
            case CUSTOMER -> "customer";
            case PRODUCT -> "item";
            case INVOICE -> "invoice";
            case PAYMENT -> "payment";
        };
    }
}
