package io.ledgerbridge.sandbox.xero.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.xero.contact.ContactRules;
import io.ledgerbridge.sandbox.xero.invoice.InvoiceRules;
import io.ledgerbridge.sandbox.xero.item.ItemRules;
import io.ledgerbridge.sandbox.xero.organisation.Organisation;
import io.ledgerbridge.sandbox.xero.organisation.Resource;
import io.ledgerbridge.sandbox.xero.payment.PaymentRules;
import io.ledgerbridge.sandbox.xero.settings.AccountRules;
import io.ledgerbridge.sandbox.xero.settings.TaxRateRules;
import io.ledgerbridge.sandbox.xero.settings.TrackingCategoryRules;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a request's elements through their collection's rules, one after another under the organisation's lock, and
 * announces what was saved. Each element stands alone: valid elements are saved even when others fail (API_FACTS B.2
 * [2ND] StackOverflow 52706101). Used by the HTTP API and by the Java API alike.
 */
public final class Writes {
    /** One element's outcome: the saved entity, or the refusal. */
    public record Outcome(ObjectNode saved, Invalid refusal, ObjectNode submitted) {
        public boolean ok() {
            return refusal == null;
        }
    }

    private final Clock clock;
    private final Consumer<List<Change>> announce;
    private final Map<Resource, EntityRules> rules = new EnumMap<>(Resource.class);

    public Writes(Clock clock, Consumer<List<Change>> announce) {
        this.clock = clock;
        this.announce = announce;
        rules.put(Resource.INVOICES, new InvoiceRules(InvoiceRules.INVOICE));
        rules.put(Resource.CREDIT_NOTES, new InvoiceRules(InvoiceRules.CREDIT_NOTE));
        rules.put(Resource.CONTACTS, new ContactRules());
        rules.put(Resource.ITEMS, new ItemRules());
        rules.put(Resource.PAYMENTS, new PaymentRules());
        rules.put(Resource.ACCOUNTS, new AccountRules());
        rules.put(Resource.TAX_RATES, new TaxRateRules());
        rules.put(Resource.TRACKING_CATEGORIES, new TrackingCategoryRules());
    }

    public List<Outcome> write(Organisation org, Resource resource, Mode mode, List<ObjectNode> elements, String pathId, int unitDecimals) {
        WriteContext ctx = new WriteContext(org, clock.instant(), unitDecimals);
        List<Outcome> out = org.books().locked(() -> {
            List<Outcome> results = new ArrayList<>();
            for (ObjectNode e : elements) {
                try {
                    results.add(new Outcome(rules.get(resource).write(ctx, e, mode, pathId), null, e));
                } catch (Invalid refusal) {
                    results.add(new Outcome(null, refusal, e));
                }
            }
            return results;
        });
        if (!ctx.changes().isEmpty()) {
            announce.accept(List.copyOf(ctx.changes()));
        }
        return out;
    }

    /** One element through the rules; {@link Invalid} when refused (the Java API's seeding). */
    public ObjectNode writeOne(Organisation org, Resource resource, Mode mode, ObjectNode element, String pathId) {
        Outcome o = write(org, resource, mode, List.of(element), pathId, 2).getFirst();
        if (!o.ok()) {
            throw o.refusal();
        }
        return o.saved();
    }
}
