package io.ledgerbridge.sandbox.xero;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.xero.api.ApiClient;
import com.xero.api.XeroBadRequestException;
import com.xero.api.XeroForbiddenException;
import com.xero.api.XeroNotFoundException;
import com.xero.api.XeroRateLimitException;
import com.xero.api.XeroServerErrorException;
import com.xero.api.XeroUnauthorizedException;
import com.xero.api.client.AccountingApi;
import com.xero.models.accounting.Account;
import com.xero.models.accounting.Contact;
import com.xero.models.accounting.Contacts;
import com.xero.models.accounting.Invoice;
import com.xero.models.accounting.Invoices;
import com.xero.models.accounting.Item;
import com.xero.models.accounting.Items;
import com.xero.models.accounting.LineItem;
import com.xero.models.accounting.Organisation;
import com.xero.models.accounting.Payment;
import com.xero.models.accounting.Purchase;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official Xero Java SDK (com.github.xeroapi:xero-java 4.29.1) pointed at the sandbox: its models parse every answer
 * and its exception handler maps every error to its own exception type.
 */
class XeroSdkIT extends SandboxFixture {
    private AccountingApi api;
    private String token;

    @BeforeEach
    void sdk() {
        ApiClient client = new ApiClient(sandbox.apiBase(), null, null, null, null);
        api = new AccountingApi(client); // not getInstance: that one is a static singleton bound to the first base path
        token = tokens.accessToken();
    }

    private Invoice salesInvoice(UUID contactId, String number, Invoice.StatusEnum status, double unit) {
        Invoice invoice = new Invoice().type(Invoice.TypeEnum.ACCREC).contact(new Contact().contactID(contactId)).invoiceNumber(number)
                .status(status)
                .addLineItemsItem(new LineItem().description("Acme Tires").quantity(2.0).unitAmount(unit).accountCode("200").taxType("OUTPUT2"));
        // The SDK sends dates set as LocalDate in Xero's /Date(ms+0000)/ form.
        invoice.setDate(org.threeten.bp.LocalDate.of(2026, 3, 11));
        invoice.setDueDate(org.threeten.bp.LocalDate.of(2026, 4, 10));
        return invoice;
    }

    private UUID contact(String name) throws Exception {
        Contacts created = api.createContacts(token, tenantId, new Contacts().addContactsItem(new Contact().name(name).emailAddress(name.toLowerCase() + "@example.com")), null, null);
        return created.getContacts().getFirst().getContactID();
    }

    @Test
    void creates_reads_updates_and_voids_invoices() throws Exception {
        UUID contactId = contact("Liam Gallagher");
        Invoices created = api.createInvoices(token, tenantId, new Invoices().addInvoicesItem(salesInvoice(contactId, "SDK-1", Invoice.StatusEnum.AUTHORISED, 20.0)), null, null, null);
        Invoice inv = created.getInvoices().getFirst();
        assertThat(inv.getTotal()).isEqualTo(48.0);
        assertThat(inv.getTotalTax()).isEqualTo(8.0);
        assertThat(inv.getStatus()).isEqualTo(Invoice.StatusEnum.AUTHORISED);
        assertThat(inv.getDateAsDate()).hasToString("2026-03-11");
        assertThat(inv.getUpdatedDateUTCAsDate()).isNotNull();
        assertThat(inv.getLineItems().getFirst().getLineItemID()).isNotNull();

        Invoice read = api.getInvoice(token, tenantId, inv.getInvoiceID(), null).getInvoices().getFirst();
        assertThat(read.getInvoiceNumber()).isEqualTo("SDK-1");
        assertThat(read.getContact().getName()).isEqualTo("Liam Gallagher");

        Invoice change = new Invoice().reference("PO-77").addLineItemsItem(
                new LineItem().lineItemID(inv.getLineItems().getFirst().getLineItemID()).quantity(3.0));
        Invoice updated = api.updateInvoice(token, tenantId, inv.getInvoiceID(), new Invoices().addInvoicesItem(change), null, null).getInvoices().getFirst();
        assertThat(updated.getReference()).isEqualTo("PO-77");
        assertThat(updated.getTotal()).isEqualTo(72.0);

        Invoice voided = api.updateInvoice(token, tenantId, inv.getInvoiceID(),
                new Invoices().addInvoicesItem(new Invoice().status(Invoice.StatusEnum.VOIDED)), null, null).getInvoices().getFirst();
        assertThat(voided.getStatus()).isEqualTo(Invoice.StatusEnum.VOIDED);
        assertThat(voided.getAmountDue()).isEqualTo(0.0);

        List<Invoice> listed = api.getInvoices(token, tenantId, null, "Status==\"VOIDED\"", null, null, null, null, null, 1, null, null, null, null).getInvoices();
        assertThat(listed).extracting(Invoice::getInvoiceNumber).containsExactly("SDK-1");
    }

    @Test
    void creates_items_and_payments_and_reads_the_organisation() throws Exception {
        Items items = api.createItems(token, tenantId, new Items().addItemsItem(new Item().code("WIDGET").name("Widget")
                .salesDetails(new Purchase().unitPrice(9.5).accountCode("200").taxType("OUTPUT2"))), null, null, null);
        assertThat(items.getItems().getFirst().getItemID()).isNotNull();
        assertThat(items.getItems().getFirst().getSalesDetails().getUnitPrice()).isEqualTo(9.5);

        UUID contactId = contact("Payer");
        Invoice inv = api.createInvoices(token, tenantId, new Invoices().addInvoicesItem(salesInvoice(contactId, "SDK-2", Invoice.StatusEnum.AUTHORISED, 50.0)),
                null, null, null).getInvoices().getFirst();
        Payment payment = api.createPayment(token, tenantId, new Payment().invoice(new Invoice().invoiceID(inv.getInvoiceID()))
                .account(new Account().code("090")).amount(120.0).date("/Date(1773273600000+0000)/"), null).getPayments().getFirst();
        assertThat(payment.getPaymentID()).isNotNull();
        assertThat(payment.getAmount()).isEqualTo(120.0);
        Invoice paid = api.getInvoice(token, tenantId, inv.getInvoiceID(), null).getInvoices().getFirst();
        assertThat(paid.getStatus()).isEqualTo(Invoice.StatusEnum.PAID);
        assertThat(paid.getPayments()).hasSize(1);

        Organisation org = api.getOrganisations(token, tenantId).getOrganisations().getFirst();
        assertThat(org.getName()).isEqualTo("Demo Company (UK)");
        assertThat(org.getBaseCurrency()).hasToString("GBP");
        assertThat(api.getAccounts(token, tenantId, null, null, null).getAccounts()).isNotEmpty();
        assertThat(api.getTaxRates(token, tenantId, null, null, null).getTaxRates()).isNotEmpty();
    }

    @Test
    void validation_errors_arrive_as_bad_request_exceptions_with_their_elements() throws Exception {
        UUID contactId = contact("Dup");
        api.createInvoices(token, tenantId, new Invoices().addInvoicesItem(salesInvoice(contactId, "SDK-3", Invoice.StatusEnum.DRAFT, 1.0)), null, null, null);
        XeroBadRequestException e = catchThrowableOfType(XeroBadRequestException.class, () -> api.createInvoices(token, tenantId,
                new Invoices().addInvoicesItem(salesInvoice(contactId, "SDK-3", Invoice.StatusEnum.DRAFT, 1.0)), null, null, null));
        assertThat(e.getStatusCode()).isEqualTo(400);
        assertThat(e.getElements()).hasSize(1);
        assertThat(e.getElements().getFirst().getValidationErrors().getFirst().getMessage()).isEqualTo("Invoice # must be unique.");

        XeroBadRequestException dupContact = catchThrowableOfType(XeroBadRequestException.class,
                () -> api.createContacts(token, tenantId, new Contacts().addContactsItem(new Contact().name("Dup")), null, null));
        assertThat(dupContact.getElements().getFirst().getValidationErrors().getFirst().getMessage()).startsWith("The contact name Dup is already assigned");

        Invoices mixed = api.createInvoices(token, tenantId, new Invoices().addInvoicesItem(salesInvoice(contactId, "SDK-3", Invoice.StatusEnum.DRAFT, 1.0))
                .addInvoicesItem(salesInvoice(contactId, "SDK-4", Invoice.StatusEnum.DRAFT, 1.0)), null, false, null);
        assertThat(mixed.getInvoices()).extracting(Invoice::getStatusAttributeString).containsExactly("ERROR", "OK");
        assertThat(mixed.getInvoices().getFirst().getHasErrors()).isTrue();
        assertThat(mixed.getInvoices().getFirst().getValidationErrors().getFirst().getMessage()).isEqualTo("Invoice # must be unique.");

        Invoice toPay = api.createInvoices(token, tenantId, new Invoices().addInvoicesItem(salesInvoice(contactId, "SDK-5", Invoice.StatusEnum.AUTHORISED, 1.0)),
                null, null, null).getInvoices().getFirst();
        XeroBadRequestException over = catchThrowableOfType(XeroBadRequestException.class, () -> api.createPayment(token, tenantId,
                new Payment().invoice(new Invoice().invoiceID(toPay.getInvoiceID())).account(new Account().code("090")).amount(1000.0), null));
        assertThat(over.getElements().getFirst().getValidationErrors().getFirst().getMessage())
                .isEqualTo("Payment amount exceeds the amount outstanding on this document");
    }

    @Test
    void auth_tenant_not_found_limits_and_server_errors_arrive_as_the_sdk_exceptions() throws Exception {
        assertThat(catchThrowableOfType(XeroNotFoundException.class, () -> api.getInvoice(token, tenantId, UUID.randomUUID(), null)).getStatusCode())
                .isEqualTo(404);
        String other = sandbox.createOrganisation("Other", "GB", "GBP");
        assertThat(catchThrowableOfType(XeroForbiddenException.class, () -> api.getOrganisations(token, other)).getStatusCode()).isEqualTo(403);
        sandbox.throttleNext(tenantId, 1);
        XeroRateLimitException limited = catchThrowableOfType(XeroRateLimitException.class, () -> api.getOrganisations(token, tenantId));
        assertThat(limited.getStatusCode()).isEqualTo(429);
        assertThat(limited.getRetryAfterSeconds()).isPositive();
        sandbox.failNextWrites(tenantId, 1);
        assertThat(catchThrowableOfType(XeroServerErrorException.class,
                () -> api.createContacts(token, tenantId, new Contacts().addContactsItem(new Contact().name("Z")), null, null)).getStatusCode()).isEqualTo(500);
        sandbox.expireAccessTokens(tenantId);
        assertThat(catchThrowableOfType(XeroUnauthorizedException.class, () -> api.getOrganisations(token, tenantId)).getStatusCode()).isEqualTo(401);
    }
}
