package io.ledgerbridge.sandbox.xero.organisation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Every organisation of the sandbox, by tenant id (matched without regard to case). Thread-safe. */
public final class Organisations {
    private final Clock clock;
    private final Map<String, Organisation> byId = new LinkedHashMap<>();

    public Organisations(Clock clock) {
        this.clock = clock;
    }

    public synchronized Organisation create(String name, String countryCode, String baseCurrency) {
        String country = countryCode.toUpperCase(Locale.ROOT);
        String tenantId = UUID.randomUUID().toString();
        Books books = new Books();
        ChartSeed.seed(books, country, baseCurrency.toUpperCase(Locale.ROOT), clock.instant());
        Organisation o = new Organisation(tenantId, name, country, baseCurrency.toUpperCase(Locale.ROOT),
                "!" + tenantId.substring(0, 5), clock.instant(), books, new Switches(), new AtomicLong(), new AtomicLong());
        byId.put(tenantId, o);
        return o;
    }

    public synchronized Optional<Organisation> find(String tenantId) {
        if (tenantId == null) {
            return Optional.empty();
        }
        Organisation exact = byId.get(tenantId.trim());
        if (exact != null) {
            return Optional.of(exact);
        }
        return byId.values().stream().filter(o -> o.tenantId().equalsIgnoreCase(tenantId.trim())).findFirst();
    }

    public Organisation get(String tenantId) {
        return find(tenantId).orElseThrow(() -> new IllegalArgumentException("no organisation with tenant id " + tenantId));
    }

    public synchronized List<Organisation> all() {
        return new ArrayList<>(byId.values());
    }
}
