package io.ledgerbridge.sandbox.xero.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.organisation.Books;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.wire.XeroDates;
import io.ledgerbridge.sandbox.xero.wire.XeroError;
import io.ledgerbridge.sandbox.xero.wire.XeroJson;
import io.ledgerbridge.sandbox.xero.write.EntityRules;
import io.ledgerbridge.sandbox.xero.write.Invalid;
import io.ledgerbridge.sandbox.xero.write.Mode;
import io.ledgerbridge.sandbox.xero.write.WriteContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Contacts (xero_accounting.yaml #/components/schemas/Contact; API_FACTS B.4). Name required on create, max 255, unique
 * among ACTIVE contacts; EmailAddress max 255; ContactNumber max 50. PUT refuses a Name already in use; POST with no
 * ContactID updates the contact of that Name (API_FACTS B.2 [2ND] digest of the contacts page).
 */
public final class ContactRules implements EntityRules {
    /** Fields a client may set; the rest are Xero's (read-only) or not kept by this sandbox. */
    private static final Set<String> WRITABLE = Set.of("ContactNumber", "AccountNumber", "ContactStatus", "Name", "FirstName", "LastName",
            "CompanyNumber", "EmailAddress", "BankAccountDetails", "TaxNumber", "AccountsReceivableTaxType", "AccountsPayableTaxType",
            "DefaultCurrency", "Website", "Addresses", "Phones", "ContactPersons", "Discount");

    @Override
    public ObjectNode write(WriteContext ctx, ObjectNode element, Mode mode, String pathId) {
        Books books = ctx.books();
        String id = pathId != null ? pathId : XeroJson.text(element, "ContactID");
        ObjectNode existing = null;
        if (id != null) {
            existing = books.get(Resource.CONTACTS, id).orElse(null);
            if (existing == null) {
                if (mode == Mode.UPDATE_ONE) {
                    throw XeroError.notFound();
                }
                throw new Invalid("The document with the supplied id was not found for this endpoint.");
            }
        }
        String name = XeroJson.text(element, "Name");
        if (existing == null && name != null && mode == Mode.UPSERT) {
            existing = activeByName(books, name, null).orElse(null);
        }
        List<String> errors = new ArrayList<>();
        String ownId = existing == null ? null : XeroJson.text(existing, "ContactID");
        if (existing == null && name == null) {
            errors.add("The contact name must be specified.");
        }
        if (name != null) {
            name = name.strip();
            if (name.length() > 255) {
                errors.add("The contact name must not be more than 255 characters long.");
            }
            String status = Optional.ofNullable(XeroJson.text(element, "ContactStatus"))
                    .orElse(existing == null ? "ACTIVE" : XeroJson.text(existing, "ContactStatus"));
            if ("ACTIVE".equals(status) && activeByName(books, name, ownId).isPresent()) {
                // API_FACTS B.5 [SPEC] PUT/POST /Contacts 400 example.
                errors.add("The contact name " + name + " is already assigned to another contact. The contact name must be unique across all active contacts.");
            }
        }
        String email = XeroJson.text(element, "EmailAddress");
        if (email != null && email.length() > 255) {
            errors.add("The email address must not be more than 255 characters long.");
        }
        String number = XeroJson.text(element, "ContactNumber");
        if (number != null && number.length() > 50) {
            errors.add("The contact number must not be more than 50 characters long.");
        }
        String status = XeroJson.text(element, "ContactStatus");
        if (status != null && !Set.of("ACTIVE", "ARCHIVED", "GDPRREQUEST").contains(status)) {
            errors.add("'" + status + "' is not a valid ContactStatus.");
        }
        if (!errors.isEmpty()) {
            throw new Invalid(errors, null);
        }
        boolean created = existing == null;
        ObjectNode c = created ? fresh() : existing.deepCopy();
        element.properties().forEach(e -> {
            if (WRITABLE.contains(e.getKey())) {
                c.set(e.getKey(), e.getValue());
            }
        });
        if (name != null) {
            c.put("Name", name);
        }
        c.put("UpdatedDateUTC", XeroDates.msDateTime(ctx.now()));
        books.put(Resource.CONTACTS, c.get("ContactID").asText(), c);
        ctx.changed(Resource.CONTACTS, c.get("ContactID").asText(), created);
        return c.deepCopy();
    }

    private static ObjectNode fresh() {
        ObjectNode c = XeroJson.object();
        c.put("ContactID", UUID.randomUUID().toString());
        c.put("ContactStatus", "ACTIVE");
        c.putArray("Addresses");
        c.putArray("Phones");
        c.putArray("ContactGroups");
        c.putArray("ContactPersons");
        c.put("IsSupplier", false);
        c.put("IsCustomer", false);
        c.putArray("SalesTrackingCategories");
        c.putArray("PurchasesTrackingCategories");
        c.put("HasAttachments", false);
        c.put("HasValidationErrors", false);
        return c;
    }

    /** The ACTIVE contact with this name (compared without regard to case or surrounding spaces), other than {@code exceptId}. */
    public static Optional<ObjectNode> activeByName(Books books, String name, String exceptId) {
        String wanted = name.strip();
        return books.all(Resource.CONTACTS).stream()
                .filter(c -> "ACTIVE".equals(XeroJson.text(c, "ContactStatus")))
                .filter(c -> wanted.equalsIgnoreCase(String.valueOf(XeroJson.text(c, "Name")).strip()))
                .filter(c -> exceptId == null || !exceptId.equalsIgnoreCase(XeroJson.text(c, "ContactID")))
                .findFirst();
    }

    public static Optional<ObjectNode> byNumber(Books books, String number) {
        return books.all(Resource.CONTACTS).stream().filter(c -> number.equalsIgnoreCase(String.valueOf(XeroJson.text(c, "ContactNumber")))).findFirst();
    }

    /** The contact as embedded in an invoice or payment. */
    public static ObjectNode summary(JsonNode contact) {
        ObjectNode s = XeroJson.object();
        s.put("ContactID", contact.get("ContactID").asText());
        for (String f : List.of("ContactNumber", "ContactStatus", "Name", "FirstName", "LastName", "EmailAddress")) {
            if (XeroJson.text(contact, f) != null) {
                s.put(f, XeroJson.text(contact, f));
            }
        }
        s.put("HasValidationErrors", false);
        return s;
    }
}
