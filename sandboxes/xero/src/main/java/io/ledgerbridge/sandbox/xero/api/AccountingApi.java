package io.ledgerbridge.sandbox.xero.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.ledgerbridge.sandbox.xero.invoice.InvoiceRules;
import io.ledgerbridge.sandbox.xero.organisation.Books;
import io.ledgerbridge.sandbox.xero.organisation.Organisation;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.query.ListQuery;
import io.ledgerbridge.sandbox.xero.wire.ApiAnswer;
import io.ledgerbridge.sandbox.xero.wire.Envelope;
import io.ledgerbridge.sandbox.xero.wire.XeroDates;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.Mode;
import io.ledgerbridge.sandbox.xero.write.Writes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Accounting API 2.0 operations on collections (xero_accounting.yaml paths /Invoices, /Contacts, /Items,
 * /Payments, /Accounts, /TaxRates, /TrackingCategories, /CreditNotes, /Organisation): GET list and one, PUT creates,
 * POST updates or creates, POST /{Thing}/{id} updates one (API_FACTS B.2 [SPEC]); plural envelopes (B.1);
 * {@code summarizeErrors=false} → 200 with every element marked OK/ERROR, else 400 ValidationException with the
 * refused elements (B.2, B.5).
 */
public final class AccountingApi {
    public static final String PROVIDER_NAME = "Ledgerbridge Xero Sandbox";
    /** Which status flag an element of a collection carries (schemas: Invoice/CreditNote HasErrors; Contact/Payment HasValidationErrors). */
    private static final Set<Resource> HAS_ERRORS = Set.of(Resource.INVOICES, Resource.CREDIT_NOTES);
    private static final Set<Resource> HAS_VALIDATION_ERRORS = Set.of(Resource.CONTACTS, Resource.PAYMENTS);

    private final Writes writes;
    private final Clock clock;

    public AccountingApi(Writes writes, Clock clock) {
        this.writes = writes;
        this.clock = clock;
    }

    private static Resource resource(Context ctx) {
        return Resource.byPath(ctx.pathParam("resource")).orElseThrow(XeroError::notFound);
    }

    public ApiAnswer list(Organisation org, Context ctx) {
        if ("Organisation".equalsIgnoreCase(ctx.pathParam("resource")) || "Organisations".equalsIgnoreCase(ctx.pathParam("resource"))) {
            return organisation(org);
        }
        Resource r = resource(ctx);
        ListQuery q;
        try {
            q = ListQuery.of(r, ctx.queryParamMap(), ctx.header("If-Modified-Since"));
        } catch (IllegalArgumentException e) {
            throw XeroError.badRequest(e.getMessage());
        }
        ListQuery.Result result = org.books().locked(() -> q.run(org.books().all(r)));
        boolean summary = Boolean.parseBoolean(ctx.queryParam("summaryOnly"));
        ArrayNode items = XeroJson.array();
        for (ObjectNode n : result.items()) {
            ObjectNode copy = n.deepCopy();
            // GET /Invoices (and /CreditNotes) shows line items only when paging: xero_accounting.yaml parameter page,
            // "Up to 100 invoices will be returned in a single API call with line items shown for each invoice".
            if ((r == Resource.INVOICES || r == Resource.CREDIT_NOTES) && (q.page() == null || summary)) {
                copy.remove("LineItems");
            }
            items.add(copy);
        }
        ObjectNode body = Envelope.of(PROVIDER_NAME, clock.instant(), r.plural(), items);
        if (result.pagination() != null) {
            ObjectNode p = XeroJson.object();
            p.put("page", result.pagination().page());
            p.put("pageSize", result.pagination().pageSize());
            p.put("pageCount", result.pagination().pageCount());
            p.put("itemCount", result.pagination().itemCount());
            body.set("pagination", p);
        }
        return ApiAnswer.json(200, body);
    }

    public ApiAnswer one(Organisation org, Context ctx) {
        Resource r = resource(ctx);
        String id = ctx.pathParam("id");
        Books books = org.books();
        Optional<ObjectNode> found = books.locked(() -> books.get(r, id).or(() -> r == Resource.INVOICES
                ? InvoiceRules.byNumber(books, id, InvoiceRules.INVOICE) : r == Resource.ITEMS
                ? books.all(Resource.ITEMS).stream().filter(i -> id.equalsIgnoreCase(XeroJson.text(i, "Code"))).findFirst()
                : Optional.empty()).map(ObjectNode::deepCopy));
        ObjectNode entity = found.orElseThrow(XeroError::notFound);
        return ApiAnswer.json(200, Envelope.of(PROVIDER_NAME, clock.instant(), r.plural(), XeroJson.array().add(entity)));
    }

    /**
     * {@code DELETE /Items/{ItemID}}: 204 with no content (xero_accounting.yaml operation deleteItem). Items are the one
     * resource of this sandbox Xero deletes this way; the others are voided or archived, so their path is not found.
     */
    public ApiAnswer delete(Organisation org, Context ctx) {
        Resource r = resource(ctx);
        if (r != Resource.ITEMS) {
            throw XeroError.notFound();
        }
        Books books = org.books();
        String id = ctx.pathParam("id");
        if (!books.locked(() -> books.remove(r, id))) {
            throw XeroError.notFound();
        }
        return new ApiAnswer(204, ApiAnswer.TEXT, "", java.util.Map.of());
    }

    public ApiAnswer put(Organisation org, Context ctx) {
        return write(org, ctx, Mode.CREATE, null);
    }

    public ApiAnswer post(Organisation org, Context ctx) {
        return write(org, ctx, Mode.UPSERT, null);
    }

    public ApiAnswer postOne(Organisation org, Context ctx) {
        return write(org, ctx, Mode.UPDATE_ONE, ctx.pathParam("id"));
    }

    private ApiAnswer write(Organisation org, Context ctx, Mode mode, String pathId) {
        Resource r = resource(ctx);
        List<ObjectNode> elements = elements(ctx.body(), r);
        if (pathId != null && elements.size() != 1) {
            throw XeroError.badRequest("Exactly one " + r.plural() + " element is expected when updating by id");
        }
        int unitdp = "4".equals(ctx.queryParam("unitdp")) ? 4 : 2;
        List<Writes.Outcome> outcomes = writes.write(org, r, mode, elements, pathId, unitdp);
        // summarizeErrors: spec default false, but Xero behaves as true unless false is sent (API_FACTS B.1).
        boolean summarize = !"false".equalsIgnoreCase(ctx.queryParam("summarizeErrors"));
        if (summarize) {
            ArrayNode refused = XeroJson.array();
            for (Writes.Outcome o : outcomes) {
                if (!o.ok()) {
                    refused.add(marked(r, o));
                }
            }
            if (!refused.isEmpty()) {
                return ApiAnswer.json(400, XeroError.validationBody(refused));
            }
        }
        ArrayNode out = XeroJson.array();
        for (Writes.Outcome o : outcomes) {
            out.add(summarize ? o.saved() : marked(r, o));
        }
        return ApiAnswer.json(200, Envelope.of(PROVIDER_NAME, clock.instant(), r.plural(), out));
    }

    /** An element with StatusAttributeString, HasErrors/HasValidationErrors and ValidationErrors (API_FACTS B.2). */
    private static ObjectNode marked(Resource r, Writes.Outcome o) {
        ObjectNode e = o.ok() ? o.saved() : (o.refusal().echo() != null ? o.refusal().echo() : o.submitted().deepCopy());
        e.put("StatusAttributeString", o.ok() ? "OK" : "ERROR");
        if (HAS_ERRORS.contains(r)) {
            e.put("HasErrors", !o.ok());
        }
        if (HAS_VALIDATION_ERRORS.contains(r)) {
            e.put("HasValidationErrors", !o.ok());
        }
        if (!o.ok()) {
            ArrayNode ve = e.putArray("ValidationErrors");
            o.refusal().messages().forEach(m -> ve.addObject().put("Message", m));
        }
        return e;
    }

    /** The plural wrapper {"Invoices":[…]} (API_FACTS B.2), a bare array, or one element (the SDK's createPayment). */
    static List<ObjectNode> elements(String body, Resource r) {
        JsonNode root;
        try {
            root = XeroJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw XeroError.badRequest(e.getMessage());
        }
        JsonNode list = root.isObject() ? XeroJson.field(root, r.plural()) : root;
        if (list == null) {
            list = XeroJson.array().add(root);
        }
        if (!list.isArray()) {
            list = XeroJson.array().add(list);
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode e : list) {
            if (!e.isObject()) {
                throw XeroError.badRequest("Each element of " + r.plural() + " must be an object");
            }
            out.add((ObjectNode) e);
        }
        if (out.isEmpty()) {
            throw XeroError.badRequest("The request contains no " + r.plural());
        }
        return out;
    }

    /** GET /Organisation (xero_accounting.yaml #/components/schemas/Organisations), with its lock dates. */
    private ApiAnswer organisation(Organisation org) {
        ObjectNode o = XeroJson.object();
        o.put("OrganisationID", org.tenantId());
        o.put("APIKey", "");
        o.put("Name", org.name());
        o.put("LegalName", org.name());
        o.put("PaysTax", true);
        o.put("Version", org.version());
        o.put("OrganisationType", "COMPANY");
        o.put("BaseCurrency", org.baseCurrency());
        o.put("CountryCode", org.countryCode());
        o.put("IsDemoCompany", false);
        o.put("OrganisationStatus", "ACTIVE");
        o.put("FinancialYearEndDay", switch (org.countryCode()) { case "AU" -> 30; default -> 31; });
        o.put("FinancialYearEndMonth", switch (org.countryCode()) { case "AU" -> 6; case "US" -> 12; default -> 3; });
        o.put("SalesTaxBasis", "ACCRUALS");
        o.put("SalesTaxPeriod", "QUARTERLY1");
        o.put("DefaultSalesTax", "Tax Exclusive");
        o.put("DefaultPurchasesTax", "Tax Exclusive");
        org.books().locked(() -> {
            if (org.books().periodLockDate() != null) {
                o.put("PeriodLockDate", XeroDates.msDate(org.books().periodLockDate()));
            }
            if (org.books().endOfYearLockDate() != null) {
                o.put("EndOfYearLockDate", XeroDates.msDate(org.books().endOfYearLockDate()));
            }
        });
        o.put("CreatedDateUTC", XeroDates.msDateTime(org.createdAt()));
        o.put("Timezone", switch (org.countryCode()) {
            case "AU" -> "AUSEASTERNSTANDARDTIME";
            case "NZ" -> "NEWZEALANDSTANDARDTIME";
            case "GB" -> "GMTSTANDARDTIME";
            default -> "UTC";
        });
        o.put("OrganisationEntityType", "COMPANY");
        o.put("ShortCode", org.shortCode());
        o.put("Class", "STANDARD");
        o.put("Edition", "BUSINESS");
        o.putArray("Addresses");
        o.putArray("Phones");
        o.putArray("ExternalLinks");
        o.putObject("PaymentTerms");
        return ApiAnswer.json(200, Envelope.of(PROVIDER_NAME, clock.instant(), "Organisations", XeroJson.array().add(o)));
    }
}
