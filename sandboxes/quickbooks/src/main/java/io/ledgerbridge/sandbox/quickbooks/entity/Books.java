package io.ledgerbridge.sandbox.quickbooks.entity;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import io.ledgerbridge.sandbox.quickbooks.wire.QboTime;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The data of one company (realm): its entity tables, its two preferences that change write rules, the payments
 * applied to each invoice, and the deletions CDC must report. Every read and write goes through {@link #locked}, one
 * writer at a time per realm; what leaves this class is a copy.
 */
public final class Books {
    private final String realmId;
    private final String companyName;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<EntityType, Map<String, ObjectNode>> tables = new EnumMap<>(EntityType.class);
    private final Map<EntityType, Long> lastId = new EnumMap<>(EntityType.class);
    /** invoice id → (payment id → amount applied). Drives Invoice.Balance and Invoice.LinkedTxn. */
    private final Map<String, Map<String, BigDecimal>> applied = new LinkedHashMap<>();
    private final List<Tombstone> deleted = new ArrayList<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final Instant createdAt;
    private LocalDate closingDate;
    private boolean customTxnNumbers = true;
    private long preferencesSyncToken;

    /** A deleted entity as CDC returns it (API_FACTS A.10: {"status":"Deleted","domain":"QBO","Id",…}). */
    public record Tombstone(EntityType type, String id, Instant at) {}

    public Books(String realmId, String companyName, Instant createdAt) {
        this.realmId = realmId;
        this.companyName = companyName;
        this.createdAt = createdAt;
        for (EntityType type : EntityType.values()) {
            tables.put(type, new LinkedHashMap<>());
            lastId.put(type, 0L);
        }
    }

    public String realmId() {
        return realmId;
    }

    public String companyName() {
        return companyName;
    }

    public <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    public void locked(Runnable work) {
        locked(() -> {
            work.run();
            return null;
        });
    }

    // --- tables (callers hold the lock) ---

    public ObjectNode get(EntityType type, String id) {
        if (type == EntityType.PREFERENCES) {
            return "1".equals(id) ? preferences() : null;
        }
        if (type == EntityType.COMPANY_INFO) {
            return "1".equals(id) || realmId.equals(id) ? companyInfo() : null;
        }
        return id == null ? null : tables.get(type).get(id);
    }

    public Collection<ObjectNode> all(EntityType type) {
        return switch (type) {
            case PREFERENCES -> List.of(preferences());
            case COMPANY_INFO -> List.of(companyInfo());
            default -> tables.get(type).values();
        };
    }

    public String nextId(EntityType type) {
        long next = lastId.merge(type, 1L, Long::sum);
        return Long.toString(next);
    }

    public void put(EntityType type, ObjectNode entity) {
        tables.get(type).put(entity.get("Id").asText(), entity);
    }

    public void remove(EntityType type, String id, Instant at) {
        tables.get(type).remove(id);
        deleted.add(new Tombstone(type, id, at));
    }

    public List<Tombstone> deletedSince(EntityType type, Instant since) {
        return deleted.stream().filter(t -> t.type() == type && t.at().isAfter(since)).toList();
    }

    public Map<String, BigDecimal> applicationsTo(String invoiceId) {
        return applied.computeIfAbsent(invoiceId, k -> new LinkedHashMap<>());
    }

    public Map<String, Map<String, BigDecimal>> applications() {
        return applied;
    }

    // --- preferences ---

    public LocalDate closingDate() {
        return closingDate;
    }

    public void closingDate(LocalDate date) {
        this.closingDate = date;
        preferencesSyncToken++;
    }

    public boolean customTxnNumbers() {
        return customTxnNumbers;
    }

    public void customTxnNumbers(boolean on) {
        this.customTxnNumbers = on;
        preferencesSyncToken++;
    }

    // --- changes ---

    public void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    public void changed(EntityType type, String id, String operation, Instant at) {
        Change change = new Change(realmId, type, id, operation, at);
        for (Consumer<Change> listener : listeners) {
            listener.accept(change);
        }
    }

    /**
     * Finance.xsd Preferences: AccountingInfoPrefs.BookCloseDate (CompanyAccountingPrefs) and
     * SalesFormsPrefs.CustomTxnNumbers, the two settings a connector checks before writing (PRODUCT.md §5).
     */
    private ObjectNode preferences() {
        ObjectNode prefs = Json.object();
        ObjectNode accounting = prefs.putObject("AccountingInfoPrefs");
        if (closingDate != null) {
            accounting.put("BookCloseDate", closingDate.toString());
        }
        accounting.put("TrackDepartments", false);
        accounting.put("ClassTrackingPerTxn", false);
        ObjectNode sales = prefs.putObject("SalesFormsPrefs");
        sales.put("CustomTxnNumbers", customTxnNumbers);
        sales.put("AllowDiscount", true);
        sales.put("DefaultTerms", Json.object().put("value", "3"));
        ObjectNode currency = prefs.putObject("CurrencyPrefs");
        currency.put("MultiCurrencyEnabled", false);
        currency.set("HomeCurrency", Json.object().put("value", "USD"));
        prefs.put("domain", "QBO");
        prefs.put("sparse", false);
        prefs.put("Id", "1");
        prefs.put("SyncToken", Long.toString(preferencesSyncToken));
        String time = QboTime.meta(createdAt);
        prefs.set("MetaData", Json.object().put("CreateTime", time).put("LastUpdatedTime", time));
        return prefs;
    }

    /** Finance.xsd CompanyInfo (a few fields). */
    private ObjectNode companyInfo() {
        ObjectNode info = Json.object();
        info.put("CompanyName", companyName);
        info.put("LegalName", companyName);
        info.put("Country", "US");
        info.put("SupportedLanguages", "en");
        info.put("domain", "QBO");
        info.put("sparse", false);
        info.put("Id", "1");
        info.put("SyncToken", "0");
        String time = QboTime.meta(createdAt);
        info.set("MetaData", Json.object().put("CreateTime", time).put("LastUpdatedTime", time));
        return info;
    }
}
