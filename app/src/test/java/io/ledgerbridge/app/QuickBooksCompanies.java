package io.ledgerbridge.app;

import io.ledgerbridge.connector.quickbooks.QuickBooksConnector;
import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import io.ledgerbridge.engine.connection.TokenSet;
import io.ledgerbridge.sandbox.quickbooks.QuickBooksSandbox;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Another QuickBooks company in a running sandbox, connected to a workspace (the books of a routed flow's branch). */
public final class QuickBooksCompanies {

    /** The new company's realm and its connection. */
    public record Company(String realm, ConnectionId connection) {}

    private QuickBooksCompanies() {}

    /** @param clientId the app registered in the sandbox that the workspace's QuickBooks connector uses */
    public static Company connect(Ledgerbridge lb, WorkspaceId workspace, QuickBooksSandbox qbo, String clientId,
            String name) {
        String realm = String.valueOf(4_630_000_000_000_000L + Math.abs(UUID.randomUUID().getLeastSignificantBits()
                % 1_000_000_000_000L));
        qbo.createRealm(realm, name + " " + realm);
        var issued = qbo.issueTokens(clientId, realm);
        var now = Instant.now();
        var connection = lb.connections.create(workspace, QuickBooksConnector.SYSTEM, name, Map.of(
                        "baseUrl", qbo.baseUrl(), "realmId", realm,
                        "tokenUrl", qbo.baseUrl() + "/oauth2/v1/tokens/bearer", "timeoutMillis", "3000",
                        "throttleWaitSeconds", "1"),
                new TokenSet(issued.accessToken(), issued.refreshToken(), now.plusSeconds(issued.expiresIn())), now);
        return new Company(realm, connection);
    }
}
