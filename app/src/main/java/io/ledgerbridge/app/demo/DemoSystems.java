package io.ledgerbridge.app.demo;

import io.ledgerbridge.connector.Authorization;
import io.ledgerbridge.dashboard.NewConnectionDefaults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where each sandbox of the demo answers, and the OAuth app it knows Ledgerbridge by: everything a connection to that
 * system needs (the connection settings {@code baseUrl}, {@code authorizeUrl}, {@code tokenUrl}; the connector's client
 * id and secret). Kept in one place so that system-level defaults for new connections can be read from here.
 */
public record DemoSystems(Sandbox reference, Sandbox quickbooks, Sandbox hubspot, Sandbox xero) {

    public DemoSystems {
        Objects.requireNonNull(reference);
        Objects.requireNonNull(quickbooks);
        Objects.requireNonNull(hubspot);
        Objects.requireNonNull(xero);
    }

    /**
     * One sandbox.
     *
     * @param system       the system id connections are stored with ({@code reference}, {@code quickbooks}, {@code hubspot}, {@code xero})
     * @param name         what people call it
     * @param baseUrl      the API's base, as a connection's {@code baseUrl} setting (Xero's ends in {@code /api.xro/2.0})
     * @param consoleUrl   the sandbox's own page, to look at and change its data
     * @param authorizeUrl the OAuth consent page; null for a system without OAuth (the reference ledger)
     * @param tokenUrl     the OAuth token endpoint; null without OAuth
     * @param clientId     Ledgerbridge's OAuth app in the sandbox; null without OAuth
     * @param clientSecret its secret; never printed
     */
    public record Sandbox(String system, String name, String baseUrl, String consoleUrl, String authorizeUrl,
            String tokenUrl, String clientId, String clientSecret) {

        public Sandbox {
            Objects.requireNonNull(system);
            Objects.requireNonNull(baseUrl);
        }

        @Override
        public String toString() {
            return "Sandbox[" + system + " " + baseUrl + ", console " + consoleUrl + ", authorize " + authorizeUrl
                    + ", token " + tokenUrl + ", client " + clientId + ", secret ****]";
        }
    }

    public List<Sandbox> all() {
        return List.of(reference, quickbooks, hubspot, xero);
    }

    /** Where connections made from the dashboard's Connect form go: the OAuth sandboxes (QuickBooks, HubSpot, Xero). */
    public NewConnectionDefaults newConnectionDefaults() {
        var endpoints = new LinkedHashMap<String, Authorization.Endpoints>();
        for (var s : List.of(quickbooks, hubspot, xero)) {
            endpoints.put(s.system(), Authorization.Endpoints.of(s.authorizeUrl(), s.tokenUrl(), s.baseUrl()));
        }
        return new NewConnectionDefaults(endpoints);
    }

    /** System id → its sandbox. */
    public Map<String, Sandbox> bySystem() {
        var out = new LinkedHashMap<String, Sandbox>();
        all().forEach(s -> out.put(s.system(), s));
        return out;
    }
}
