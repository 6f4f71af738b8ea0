package io.ledgerbridge.sandbox.xero.invoice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.contact.ContactRules;
import io.ledgerbridge.sandbox.xero.item.ItemRules;
import io.ledgerbridge.sandbox.xero.organisation.Books;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.settings.Ledger;
import io.ledgerbridge.sandbox.xero.wire.XeroDates;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.EntityRules;
import io.ledgerbridge.sandbox.xero.write.Invalid;
import io.ledgerbridge.sandbox.xero.write.Mode;
import io.ledgerbridge.sandbox.xero.write.WriteContext;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Invoices, and credit notes which share their shape (xero_accounting.yaml #/components/schemas/Invoice, LineItem,
 * CreditNote; API_FACTS B.3, B.5). One instance per document kind.
 *
 * <p>Rules, each with its source: Type enum, Status transitions ({@link InvoiceStatus}), LineAmountTypes
 * Exclusive (default) / Inclusive / NoTax, totals ({@link Totals}); ACCREC InvoiceNumber unique (max 255, generated
 * INV-0001… when missing), "Invoice # must be unique." [SPEC]; Contact by ContactID, ContactNumber or Name (a new Name
 * creates the contact, as Xero does), else "The Contact must contain at least 1 of the following elements…" [SPEC];
 * lock dates (dd-MMM-yyyy) [2ND]; a PAID, VOIDED or DELETED invoice cannot change ("Invoice not of valid status for
 * modification") [2ND]; an invoice with payments cannot be edited or voided (the combined message) [2ND]; lines with a
 * LineItemID are updated, lines without are added, lines left out are deleted [2ND]; unknown account codes and tax
 * types are refused with Xero's texts [2ND] (Dext).
 */
public final class InvoiceRules implements EntityRules {
    public static final String NOT_MODIFIABLE = "Invoice not of valid status for modification";
    public static final String HAS_PAYMENTS = NOT_MODIFIABLE + " This document cannot be edited as it has a payment or credit note allocated to it.";
    public static final String NO_CONTACT = "The Contact must contain at least 1 of the following elements to identify the contact: Name, ContactID, ContactNumber";

    /** What differs between invoices and credit notes. */
    public record Kind(Resource resource, String idField, String numberField, Set<String> types, String salesType, String noun) {}

    public static final Kind INVOICE = new Kind(Resource.INVOICES, "InvoiceID", "InvoiceNumber",
            Set.of("ACCREC", "ACCPAY"), "ACCREC", "Invoice");
    public static final Kind CREDIT_NOTE = new Kind(Resource.CREDIT_NOTES, "CreditNoteID", "CreditNoteNumber",
            Set.of("ACCRECCREDIT", "ACCPAYCREDIT"), "ACCRECCREDIT", "Credit Note");

    private static final Set<String> ALL_TYPES = Set.of("ACCPAY", "ACCPAYCREDIT", "APOVERPAYMENT", "APPREPAYMENT", "ACCREC",
            "ACCRECCREDIT", "AROVERPAYMENT", "ARPREPAYMENT");
    private static final Set<String> LINE_AMOUNT_TYPES = Set.of("Exclusive", "Inclusive", "NoTax");

    private final Kind kind;

    public InvoiceRules(Kind kind) {
        this.kind = kind;
    }

    @Override
    public ObjectNode write(WriteContext ctx, ObjectNode element, Mode mode, String pathId) {
        Books books = ctx.books();
        String id = pathId != null ? pathId : XeroJson.text(element, kind.idField());
        ObjectNode existing = null;
        if (id != null) {
            existing = books.get(kind.resource(), id).orElse(null);
            if (existing == null && pathId != null) {
                // GET and POST /Invoices/{InvoiceID} also take the invoice number in place of the id (developer.xero.com invoices page).
                existing = byNumber(books, pathId, kind).orElse(null);
            }
            if (existing == null) {
                if (mode == Mode.UPDATE_ONE) {
                    throw XeroError.notFound();
                }
                throw new Invalid("The document with the supplied id was not found for this endpoint.");
            }
        }
        String number = XeroJson.text(element, kind.numberField());
        if (existing == null && number != null && mode == Mode.UPSERT) {
            // POST may name the invoice by its number instead of its id (developer.xero.com invoices page: "InvoiceID or InvoiceNumber").
            existing = byNumber(books, number, kind).orElse(null);
        }
        return existing == null ? create(ctx, element) : update(ctx, existing, element);
    }

    // ---- create ----

    private ObjectNode create(WriteContext ctx, ObjectNode in) {
        Books books = ctx.books();
        List<String> errors = new ArrayList<>();
        String type = XeroJson.text(in, "Type");
        if (type == null) {
            errors.add(kind.noun() + " Type must be specified");
        } else if (!ALL_TYPES.contains(type) || !kind.types().contains(type)) {
            errors.add("'" + type + "' is not a valid " + kind.noun() + " Type for this endpoint");
        }
        String status = XeroJson.text(in, "Status");
        if (status == null) {
            status = "DRAFT";
        } else if (!InvoiceStatus.ON_CREATE.contains(status)) {
            errors.add(InvoiceStatus.ALL.contains(status) ? kind.noun() + " not of valid status for creation" : "'" + status + "' is not a valid status");
        }
        ObjectNode doc = XeroJson.object();
        doc.put("Type", type == null ? kind.salesType() : type);
        doc.put(kind.idField(), UUID.randomUUID().toString());
        ObjectNode contact = resolveContact(ctx, in.get("Contact"), errors, true);
        LocalDate date = date(in, "Date", errors);
        doc.put("Status", status);
        applyHeader(ctx, doc, in, contact, date == null ? ctx.today() : date, errors);
        String number = XeroJson.text(in, kind.numberField());
        if (number == null && isSales(doc)) {
            number = kind == INVOICE ? books.nextInvoiceNumber() : books.nextCreditNoteNumber();
        }
        if (number != null) {
            checkNumber(books, doc, number, errors);
            doc.put(kind.numberField(), number);
        }
        doc.set("LineItems", lines(ctx, doc, XeroJson.array(), in.get("LineItems"), errors));
        checkAuthorisable(doc, errors);
        checkLockDates(books, LocalDate.parse(doc.get("DateString").asText().substring(0, 10)), errors);
        if (!errors.isEmpty()) {
            throw new Invalid(errors, echo(in));
        }
        doc.put("AmountPaid", Totals.round(BigDecimal.ZERO));
        doc.put("AmountCredited", Totals.round(BigDecimal.ZERO));
        doc.putArray("Payments");
        if (kind == INVOICE) {
            doc.putArray("Prepayments");
            doc.putArray("Overpayments");
            doc.putArray("CreditNotes");
        } else {
            doc.putArray("Allocations");
        }
        doc.put("SentToContact", false);
        doc.put("HasAttachments", false);
        doc.put("HasErrors", false);
        finish(ctx, doc);
        saveContactFlags(ctx, doc);
        save(ctx, doc, true);
        return doc.deepCopy();
    }

    // ---- update ----

    private ObjectNode update(WriteContext ctx, ObjectNode existing, ObjectNode in) {
        Books books = ctx.books();
        String current = existing.get("Status").asText();
        String wanted = XeroJson.text(in, "Status") == null ? current : XeroJson.text(in, "Status");
        boolean paidSome = XeroJson.decimal(existing, "AmountPaid", BigDecimal.ZERO).signum() > 0;
        if (Set.of("PAID", "VOIDED", "DELETED").contains(current)) {
            throw new Invalid(List.of(NOT_MODIFIABLE), echo(in));
        }
        if (paidSome) {
            throw new Invalid(List.of(HAS_PAYMENTS), echo(in));
        }
        if (!InvoiceStatus.ALL.contains(wanted)) {
            throw new Invalid(List.of("'" + wanted + "' is not a valid status"), echo(in));
        }
        if (!InvoiceStatus.allowed(current, wanted)) {
            throw new Invalid(List.of(NOT_MODIFIABLE), echo(in));
        }
        List<String> errors = new ArrayList<>();
        ObjectNode doc = existing.deepCopy();
        LocalDate existingDate = LocalDate.parse(existing.get("DateString").asText().substring(0, 10));
        if ("VOIDED".equals(wanted) || "DELETED".equals(wanted)) {
            // Void and delete change the status only; a voided invoice keeps its lines and totals (AmountDue 0).
            checkLockDates(books, existingDate, errors);
            if (!errors.isEmpty()) {
                throw new Invalid(errors, echo(in));
            }
            doc.put("Status", wanted);
            finish(ctx, doc);
            save(ctx, doc, false);
            return doc.deepCopy();
        }
        ObjectNode contact = in.has("Contact") ? resolveContact(ctx, in.get("Contact"), errors, true) : null;
        LocalDate date = in.has("Date") ? date(in, "Date", errors) : existingDate;
        doc.put("Status", wanted);
        applyHeader(ctx, doc, in, contact, date == null ? existingDate : date, errors);
        String number = XeroJson.text(in, kind.numberField());
        if (number != null) {
            checkNumber(books, doc, number, errors);
            doc.put(kind.numberField(), number);
        }
        if (in.has("LineItems")) {
            doc.set("LineItems", lines(ctx, doc, (ArrayNode) existing.get("LineItems"), in.get("LineItems"), errors));
        } else if (in.has("LineAmountTypes")) {
            doc.set("LineItems", lines(ctx, doc, (ArrayNode) existing.get("LineItems"), existing.get("LineItems"), errors));
        }
        checkAuthorisable(doc, errors);
        checkLockDates(books, existingDate, errors);
        if (date != null && !date.equals(existingDate)) {
            checkLockDates(books, date, errors);
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors.stream().distinct().toList(), echo(in));
        }
        finish(ctx, doc);
        saveContactFlags(ctx, doc);
        save(ctx, doc, false);
        return doc.deepCopy();
    }

    // ---- parts ----

    private void applyHeader(WriteContext ctx, ObjectNode doc, ObjectNode in, ObjectNode contact, LocalDate date, List<String> errors) {
        if (contact != null) {
            doc.set("Contact", ContactRules.summary(contact));
        }
        doc.put("DateString", XeroDates.dateString(date));
        doc.put("Date", XeroDates.msDate(date));
        if (in.has("DueDate")) {
            LocalDate due = XeroJson.text(in, "DueDate") == null ? null : date(in, "DueDate", errors);
            if (due == null) {
                doc.remove(List.of("DueDate", "DueDateString"));
            } else {
                doc.put("DueDateString", XeroDates.dateString(due));
                doc.put("DueDate", XeroDates.msDate(due));
            }
        }
        String lat = XeroJson.text(in, "LineAmountTypes");
        if (lat != null) {
            String canonical = LINE_AMOUNT_TYPES.stream().filter(t -> t.equalsIgnoreCase(lat)).findFirst().orElse(null);
            if (canonical == null) {
                errors.add("'" + lat + "' is not a valid LineAmountTypes value");
            } else {
                doc.put("LineAmountTypes", canonical);
            }
        } else if (!doc.has("LineAmountTypes")) {
            doc.put("LineAmountTypes", "Exclusive");
        }
        for (String f : List.of("Reference", "Url", "BrandingThemeID", "ExpectedPaymentDate", "PlannedPaymentDate")) {
            if (in.has(f)) {
                doc.set(f, in.get(f));
            }
        }
        if (in.has("SentToContact")) {
            doc.put("SentToContact", in.get("SentToContact").asBoolean());
        }
        String currency = XeroJson.text(in, "CurrencyCode");
        if (currency != null && !currency.equals(ctx.organisation().baseCurrency())) {
            // This sandbox keeps one currency per organisation (design choice); Xero needs the currency added first.
            errors.add("The currency " + currency + " has not been added to this organisation");
        }
        doc.put("CurrencyCode", ctx.organisation().baseCurrency());
        doc.put("CurrencyRate", new BigDecimal("1.000000"));
    }

    private ObjectNode resolveContact(WriteContext ctx, JsonNode ref, List<String> errors, boolean required) {
        Books books = ctx.books();
        String contactId = XeroJson.text(ref, "ContactID");
        String contactNumber = XeroJson.text(ref, "ContactNumber");
        String name = XeroJson.text(ref, "Name");
        if (contactId == null && contactNumber == null && name == null) {
            if (required) {
                errors.add(NO_CONTACT);
            }
            return null;
        }
        if (contactId != null) {
            var c = books.get(Resource.CONTACTS, contactId);
            if (c.isEmpty()) {
                errors.add("The contact with the specified ContactID could not be found");
                return null;
            }
            return c.get();
        }
        if (contactNumber != null) {
            var c = ContactRules.byNumber(books, contactNumber);
            if (c.isPresent()) {
                return c.get();
            }
            if (name == null) {
                errors.add("The contact with the specified ContactNumber could not be found");
                return null;
            }
        }
        var byName = ContactRules.activeByName(books, name, null);
        if (byName.isPresent()) {
            return byName.get();
        }
        if (!errors.isEmpty()) {
            return null;
        }
        // A name Xero does not know creates the contact (developer.xero.com invoices page, Contact element).
        ObjectNode newContact = XeroJson.object().put("Name", name);
        if (contactNumber != null) {
            newContact.put("ContactNumber", contactNumber);
        }
        try {
            return new ContactRules().write(ctx, newContact, Mode.CREATE, null);
        } catch (Invalid e) {
            errors.addAll(e.messages());
            return null;
        }
    }

    private static LocalDate date(ObjectNode in, String field, List<String> errors) {
        String text = XeroJson.text(in, field);
        if (text == null) {
            return null;
        }
        try {
            return XeroDates.parseDate(text);
        } catch (IllegalArgumentException e) {
            errors.add(field + " '" + text + "' is not a valid date");
            return null;
        }
    }

    private void checkNumber(Books books, ObjectNode doc, String number, List<String> errors) {
        if (number.length() > 255) {
            errors.add(kind.noun() + " number must not be more than 255 characters long.");
        }
        if (!isSales(doc)) {
            return; // ACCPAY numbers need not be unique (API_FACTS B.3 [SPEC]).
        }
        String ownId = doc.get(kind.idField()).asText();
        boolean taken = books.all(kind.resource()).stream()
                .filter(o -> !"DELETED".equals(XeroJson.text(o, "Status")))
                .filter(o -> doc.get("Type").asText().equals(XeroJson.text(o, "Type")))
                .filter(o -> !ownId.equals(XeroJson.text(o, kind.idField())))
                .anyMatch(o -> number.equalsIgnoreCase(String.valueOf(XeroJson.text(o, kind.numberField()))));
        if (taken) {
            errors.add(kind == INVOICE ? "Invoice # must be unique." : "Credit Note # must be unique.");
        }
    }

    private static void checkLockDates(Books books, LocalDate date, List<String> errors) {
        LocalDate endOfYear = books.endOfYearLockDate();
        LocalDate period = books.periodLockDate();
        // Lock dates lock the day itself and every day before it (Xero: "on and before").
        if (endOfYear != null && !date.isAfter(endOfYear)) {
            errors.add("The document date cannot be before the end of year lock date, currently set at " + XeroDates.lockDate(endOfYear));
        } else if (period != null && !date.isAfter(period)) {
            errors.add("The document date cannot be before the period lock date, currently set at " + XeroDates.lockDate(period));
        }
    }

    private static void checkAuthorisable(ObjectNode doc, List<String> errors) {
        String status = doc.get("Status").asText();
        if (!"AUTHORISED".equals(status) && !"SUBMITTED".equals(status)) {
            return;
        }
        for (JsonNode line : doc.get("LineItems")) {
            if (XeroJson.text(line, "AccountCode") == null) {
                errors.add("Account code must be specified");
                return;
            }
        }
    }

    /**
     * The new line list: a requested line with a known LineItemID updates that line, one without adds a line, existing
     * lines left out are dropped (API_FACTS B.3 [2ND]).
     */
    private ArrayNode lines(WriteContext ctx, ObjectNode doc, ArrayNode current, JsonNode requested, List<String> errors) {
        Books books = ctx.books();
        Map<String, ObjectNode> byId = new HashMap<>();
        current.forEach(l -> byId.put(l.path("LineItemID").asText().toLowerCase(), (ObjectNode) l));
        ArrayNode out = XeroJson.array();
        if (requested == null || !requested.isArray()) {
            return out;
        }
        String lat = doc.get("LineAmountTypes").asText();
        boolean sales = isSales(doc);
        for (JsonNode req : requested) {
            String lineId = XeroJson.text(req, "LineItemID");
            ObjectNode base = lineId == null ? null : byId.get(lineId.toLowerCase());
            ObjectNode line = base == null ? XeroJson.object() : base.deepCopy();
            if (base == null) {
                line.put("LineItemID", UUID.randomUUID().toString());
            }
            req.properties().forEach(e -> {
                if (!e.getKey().equals("LineItemID") && !e.getKey().equals("TaxAmount") && !e.getKey().equals("LineAmount")) {
                    line.set(e.getKey(), e.getValue());
                }
            });
            String itemCode = XeroJson.text(line, "ItemCode");
            ObjectNode item = null;
            if (itemCode != null) {
                item = ItemRules.byCode(books, itemCode).orElse(null);
                if (item == null) {
                    errors.add("Item code '" + itemCode + "' is not valid");
                } else {
                    JsonNode details = item.path(sales ? "SalesDetails" : "PurchaseDetails");
                    if (!line.hasNonNull("Description") && XeroJson.text(item, sales ? "Description" : "PurchaseDescription") != null) {
                        line.put("Description", XeroJson.text(item, sales ? "Description" : "PurchaseDescription"));
                    }
                    if (!line.hasNonNull("UnitAmount") && details.hasNonNull("UnitPrice") && !req.hasNonNull("LineAmount")) {
                        line.put("UnitAmount", XeroJson.decimal(details, "UnitPrice", BigDecimal.ZERO));
                    }
                    if (!line.hasNonNull("AccountCode") && XeroJson.text(details, "AccountCode") != null) {
                        line.put("AccountCode", XeroJson.text(details, "AccountCode"));
                    }
                    if (!line.hasNonNull("TaxType") && XeroJson.text(details, "TaxType") != null) {
                        line.put("TaxType", XeroJson.text(details, "TaxType"));
                    }
                    line.putObject("Item").put("ItemID", item.get("ItemID").asText()).put("Name", XeroJson.text(item, "Name"))
                            .put("Code", XeroJson.text(item, "Code"));
                }
            }
            BigDecimal quantity;
            BigDecimal unit;
            BigDecimal discountRate;
            BigDecimal discountAmount;
            try {
                quantity = XeroJson.decimal(line, "Quantity", BigDecimal.ONE);
                BigDecimal given = XeroJson.decimal(req, "LineAmount", null);
                unit = XeroJson.decimal(line, "UnitAmount", null);
                if (unit == null) {
                    // Only a LineAmount: Xero takes it as the unit amount of the quantity.
                    unit = given == null ? BigDecimal.ZERO : given.divide(quantity.signum() == 0 ? BigDecimal.ONE : quantity, 4, RoundingMode.HALF_UP);
                }
                discountRate = XeroJson.decimal(line, "DiscountRate", null);
                discountAmount = XeroJson.decimal(line, "DiscountAmount", null);
            } catch (NumberFormatException e) {
                errors.add("Quantity, UnitAmount, DiscountRate and DiscountAmount must be numbers");
                continue;
            }
            unit = unit.setScale(ctx.unitDecimals(), RoundingMode.HALF_UP);
            quantity = quantity.setScale(4, RoundingMode.HALF_UP);
            line.put("Quantity", quantity);
            line.put("UnitAmount", unit);
            String accountCode = XeroJson.text(line, "AccountCode");
            ObjectNode account = null;
            if (accountCode != null) {
                account = Ledger.account(books, accountCode).orElse(null);
                if (account == null) {
                    errors.add("Account code '" + accountCode + "' is not a valid code for this document");
                }
            }
            String taxType = XeroJson.text(line, "TaxType");
            if (taxType == null) {
                taxType = "NoTax".equals(lat) ? "NONE" : account != null ? XeroJson.text(account, "TaxType") : null;
            }
            BigDecimal rate = BigDecimal.ZERO;
            if (taxType != null) {
                ObjectNode taxRate = Ledger.taxRate(books, taxType).orElse(null);
                boolean applies = taxRate != null && taxRate.path(sales ? "CanApplyToRevenue" : "CanApplyToExpenses").asBoolean();
                if (taxRate == null && "NONE".equals(taxType) && "NoTax".equals(lat)) {
                    applies = true; // NoTax lines carry NONE even where the country's rate list has none.
                } else if (!applies) {
                    errors.add(accountCode == null ? "The TaxType code '" + taxType + "' is not a valid tax type."
                            : "The TaxType code '" + taxType + "' cannot be used with account code '" + accountCode + "'");
                }
                if (taxRate != null) {
                    rate = Ledger.percent(taxRate);
                }
                line.put("TaxType", taxType);
            }
            BigDecimal amount = Totals.lineAmount(quantity, unit, discountRate, discountAmount);
            line.put("LineAmount", amount);
            line.put("TaxAmount", Totals.taxAmount(lat, amount, rate));
            if (!line.has("Tracking")) {
                line.putArray("Tracking");
            }
            if (line.path("Tracking").size() > 2) {
                errors.add("A line item can have at most 2 tracking categories");
            }
            line.remove("ValidationErrors");
            out.add(line);
        }
        return out;
    }

    /** Totals, amounts due and timestamps; PAID when an authorised document owes nothing. */
    private void finish(WriteContext ctx, ObjectNode doc) {
        BigDecimal sumLines = BigDecimal.ZERO;
        BigDecimal sumTax = BigDecimal.ZERO;
        BigDecimal discount = BigDecimal.ZERO;
        for (JsonNode l : doc.get("LineItems")) {
            sumLines = sumLines.add(l.get("LineAmount").decimalValue());
            sumTax = sumTax.add(l.get("TaxAmount").decimalValue());
            discount = discount.add(l.get("Quantity").decimalValue().multiply(l.get("UnitAmount").decimalValue()).subtract(l.get("LineAmount").decimalValue()));
        }
        BigDecimal[] t = Totals.document(doc.get("LineAmountTypes").asText(), sumLines, sumTax);
        doc.put("SubTotal", t[0]);
        doc.put("TotalTax", t[1]);
        doc.put("Total", t[2]);
        if (kind == INVOICE) {
            doc.put("IsDiscounted", discount.signum() > 0); // Invoice.IsDiscounted; CreditNote has no such property
        }
        if (discount.signum() > 0) {
            doc.put("TotalDiscount", Totals.round(discount));
        } else {
            doc.remove("TotalDiscount");
        }
        recomputeDue(doc, kind, ctx.now());
        doc.put("UpdatedDateUTC", XeroDates.msDateTime(ctx.now()));
        doc.put("UpdatedDateUTCString", XeroDates.utcString(ctx.now()));
    }

    /** AmountDue = Total − AmountPaid − AmountCredited; 0 once VOIDED or DELETED; PAID when authorised and nothing is due. */
    public static void recomputeDue(ObjectNode doc, Kind kind, java.time.Instant now) {
        BigDecimal total = doc.get("Total").decimalValue();
        BigDecimal paid = XeroJson.decimal(doc, "AmountPaid", BigDecimal.ZERO);
        BigDecimal credited = XeroJson.decimal(doc, "AmountCredited", BigDecimal.ZERO);
        String status = doc.get("Status").asText();
        BigDecimal due = Set.of("VOIDED", "DELETED").contains(status) ? BigDecimal.ZERO : total.subtract(paid).subtract(credited);
        if (kind == CREDIT_NOTE) {
            doc.put("RemainingCredit", Totals.round(due));
            doc.remove("AmountDue");
            doc.remove("AmountPaid");
            doc.remove("AmountCredited");
            return;
        }
        doc.put("AmountDue", Totals.round(due));
        if ("AUTHORISED".equals(status) && due.signum() <= 0) {
            doc.put("Status", "PAID");
            if (!doc.has("FullyPaidOnDate")) {
                doc.put("FullyPaidOnDate", XeroDates.msDate(java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC)));
            }
        }
    }

    private void saveContactFlags(WriteContext ctx, ObjectNode doc) {
        // IsCustomer / IsSupplier are read-only and set by Xero when a sales / purchase document exists (schema Contact).
        String contactId = doc.path("Contact").path("ContactID").asText(null);
        if (contactId == null || !"INVOICES".equals(kind.resource().name())) {
            return;
        }
        ctx.books().get(Resource.CONTACTS, contactId).ifPresent(c -> {
            String flag = isSales(doc) ? "IsCustomer" : "IsSupplier";
            if (!c.path(flag).asBoolean()) {
                c.put(flag, true);
            }
        });
    }

    private void save(WriteContext ctx, ObjectNode doc, boolean created) {
        String id = doc.get(kind.idField()).asText();
        ctx.books().put(kind.resource(), id, doc);
        ctx.changed(kind.resource(), id, created);
    }

    private boolean isSales(ObjectNode doc) {
        return kind.salesType().equals(XeroJson.text(doc, "Type"));
    }

    private static ObjectNode echo(ObjectNode in) {
        return in.deepCopy();
    }

    public static java.util.Optional<ObjectNode> byNumber(Books books, String number, Kind kind) {
        return books.all(kind.resource()).stream()
                .filter(o -> kind.salesType().equals(XeroJson.text(o, "Type")))
                .filter(o -> !"DELETED".equals(XeroJson.text(o, "Status")))
                .filter(o -> number.equalsIgnoreCase(String.valueOf(XeroJson.text(o, kind.numberField()))))
                .findFirst();
    }
}
