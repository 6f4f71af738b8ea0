package io.ledgerbridge.web;

import java.util.Map;

/**
 * What operators read without an API key: {@code GET /health} (database and connections) and
 * {@code GET /metrics} (Prometheus text). Neither ever contains a token or a record's data.
 */
public interface Operations {

    /** {@code "status": "UP"|"DOWN"} plus details; DOWN answers 503. */
    Map<String, Object> health();

    /** Metrics in the Prometheus text format. */
    String prometheus();

    Operations NONE = new Operations() {
        public Map<String, Object> health() {
            return Map.of("status", "UP");
        }

        public String prometheus() {
            return "";
        }
    };
}
