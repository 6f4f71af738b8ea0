package io.ledgerbridge.sandbox.quickbooks.realm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.kit.idempotency.ReplayCache;
import io.ledgerbridge.sandbox.quickbooks.Limits;
import io.ledgerbridge.sandbox.quickbooks.admin.FaultSwitches;
import io.ledgerbridge.sandbox.quickbooks.entity.Books;
import io.ledgerbridge.sandbox.quickbooks.entity.Change;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityType;
import io.ledgerbridge.sandbox.quickbooks.entity.EntityWrites;
import io.ledgerbridge.sandbox.quickbooks.ratelimit.RealmThrottle;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** The companies of the sandbox, each created with the lists every new QuickBooks company has. */
public final class Realms {
    /**
     * The real retention of request ids is not documented (API_FACTS E.2): the latest 50,000 per realm are kept, so
     * long benchmarks do not grow without bound.
     */
    static final int REQUEST_IDS_KEPT = 50_000;

    private final ConcurrentSkipListMap<String, Realm> realms = new ConcurrentSkipListMap<>();
    private final QboTime time;
    private final Limits limits;
    private final EntityWrites writes;
    private final Consumer<Change> changeListener;

    public Realms(QboTime time, Limits limits, EntityWrites writes, Consumer<Change> changeListener) {
        this.time = time;
        this.limits = limits;
        this.writes = writes;
        this.changeListener = changeListener;
    }

    public Realm create(String realmId, String companyName) {
        if (realmId == null || !realmId.matches("[0-9A-Za-z]{1,32}")) {
            throw new IllegalArgumentException("realmId must be 1-32 letters or digits: " + realmId);
        }
        Realm realm = new Realm(realmId, new Books(realmId, companyName, time.now()),
                new RealmThrottle(time.clock(), limits, realmId), new FaultSwitches(),
                ReplayCache.withoutExpiry(REQUEST_IDS_KEPT), new AtomicLong());
        if (realms.putIfAbsent(realmId, realm) != null) {
            throw new IllegalArgumentException("realm " + realmId + " exists already");
        }
        seed(realm.books());
        realm.books().onChange(changeListener);
        return realm;
    }

    public Optional<Realm> find(String realmId) {
        return realmId == null ? Optional.empty() : Optional.ofNullable(realms.get(realmId));
    }

    public Realm get(String realmId) {
        return find(realmId).orElseThrow(() -> new IllegalArgumentException("no realm " + realmId));
    }

    public Collection<Realm> all() {
        return realms.values();
    }

    /**
     * What a new US company has: income, A/R, asset and expense accounts (Finance.xsd Account), tax rates and the
     * TAX/NON codes plus named codes (Finance.xsd TaxCode, API_FACTS A.2), and the default "Services" and "Hours" items
     * (the API_FACTS A.2 sample invoice uses ItemRef 1 "Services").
     */
    private void seed(Books books) {
        account(books, "1", "Services", "Income", "ServiceFeeIncome");
        account(books, "2", "Sales of Product Income", "Income", "SalesOfProductIncome");
        account(books, "3", "Accounts Receivable (A/R)", "Accounts Receivable", "AccountsReceivable");
        account(books, "4", "Undeposited Funds", "Other Current Asset", "UndepositedFunds");
        account(books, "5", "Inventory Asset", "Other Current Asset", "Inventory");
        account(books, "6", "Cost of Goods Sold", "Cost of Goods Sold", "SuppliesMaterialsCogs");

        taxRate(books, "1", "California", "8");
        taxRate(books, "2", "Tucson City", "2.6");
        taxRate(books, "3", "Zero rate", "0");
        taxCode(books, "TAX", "TAX", "TAX", true, null);
        taxCode(books, "NON", "NON", "NON", false, null);
        taxCode(books, "2", "California", "California sales tax 8%", true, "1");
        taxCode(books, "3", "Tucson", "Tucson city tax 2.6%", true, "2");
        taxCode(books, "4", "Exempt", "Exempt from sales tax", false, "3");

        item(books, "Services");
        item(books, "Hours");
    }

    private void account(Books books, String id, String name, String type, String subType) {
        ObjectNode a = Json.object();
        a.put("Name", name);
        a.put("SubAccount", false);
        a.put("FullyQualifiedName", name);
        a.put("Active", true);
        a.put("Classification", type.equals("Income") ? "Revenue" : type.equals("Cost of Goods Sold") ? "Expense" : "Asset");
        a.put("AccountType", type);
        a.put("AccountSubType", subType);
        a.put("CurrentBalance", BigDecimal.ZERO);
        a.set("CurrencyRef", Json.object().put("value", "USD").put("name", "United States Dollar"));
        writes.seed(books, EntityType.ACCOUNT, id, a);
        books.nextId(EntityType.ACCOUNT);
    }

    private void taxRate(Books books, String id, String name, String percent) {
        ObjectNode r = Json.object();
        r.put("Name", name);
        r.put("Description", name);
        r.put("Active", true);
        r.put("RateValue", new BigDecimal(percent));
        r.put("DisplayType", "ReadOnly");
        writes.seed(books, EntityType.TAX_RATE, id, r);
    }

    private void taxCode(Books books, String id, String name, String description, boolean taxable, String rateId) {
        ObjectNode c = Json.object();
        c.put("Name", name);
        c.put("Description", description);
        c.put("Active", true);
        c.put("Hidden", false);
        c.put("Taxable", taxable);
        c.put("TaxGroup", false);
        ObjectNode rates = c.putObject("SalesTaxRateList");
        if (rateId != null) {
            ObjectNode detail = rates.putArray("TaxRateDetail").addObject();
            detail.set("TaxRateRef", Json.object().put("value", rateId));
            detail.put("TaxTypeApplicable", "TaxOnAmount");
            detail.put("TaxOrder", 0);
        }
        c.putObject("PurchaseTaxRateList");
        writes.seed(books, EntityType.TAX_CODE, id, c);
    }

    private void item(Books books, String name) {
        ObjectNode i = Json.object();
        i.put("Name", name);
        i.put("Type", "Service");
        i.set("IncomeAccountRef", Json.object().put("value", "1"));
        writes.write(books, EntityType.ITEM, "create", i, false);
    }
}
