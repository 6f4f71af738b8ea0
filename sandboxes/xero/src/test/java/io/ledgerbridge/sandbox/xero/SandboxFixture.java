package io.ledgerbridge.sandbox.xero;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A sandbox on a free port with one UK organisation, a registered app and a connected client. */
abstract class SandboxFixture {
    static final String CLIENT_ID = "ledgerbridge-test";
    static final String CLIENT_SECRET = "test-secret";
    static final String REDIRECT_URI = "http://localhost:9999/callback";

    XeroSandbox sandbox;
    String tenantId;
    TokenPair tokens;
    XeroClient client;

    XeroSandbox.Builder configure(XeroSandbox.Builder b) {
        return b;
    }

    @BeforeEach
    void startSandbox() {
        sandbox = configure(XeroSandbox.builder().port(0)).start();
        tenantId = sandbox.createOrganisation("Demo Company (UK)", "GB", "GBP");
        sandbox.registerApp(CLIENT_ID, CLIENT_SECRET, REDIRECT_URI);
        tokens = sandbox.issueTokens(CLIENT_ID, tenantId);
        client = new XeroClient(sandbox, tokens.accessToken(), tenantId);
    }

    @AfterEach
    void stopSandbox() {
        sandbox.close();
    }

    String contactId(String name) {
        return sandbox.createContact(tenantId, name, null);
    }

    /** {"Invoices":[{ACCREC, contact, one line of qty × unit on 200 with tax type, status}]} */
    static String invoice(String contactId, String number, String status, String quantity, String unit, String taxType) {
        return """
                {"Invoices":[{"Type":"ACCREC","Contact":{"ContactID":"%s"},%s"Date":"2026-03-11","DueDate":"2026-04-10","Status":"%s",
                  "LineItems":[{"Description":"Acme Tires","Quantity":%s,"UnitAmount":%s,"AccountCode":"200","TaxType":"%s"}]}]}"""
                .formatted(contactId, number == null ? "" : "\"InvoiceNumber\":\"" + number + "\",", status, quantity, unit, taxType);
    }
}
