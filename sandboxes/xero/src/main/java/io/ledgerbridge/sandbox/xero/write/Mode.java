package io.ledgerbridge.sandbox.xero.write;

/**
 * How a write reached the API (API_FACTS B.2 [SPEC] path summaries): PUT creates ({@code CREATE}), POST updates or
 * creates ({@code UPSERT}), POST /{Thing}/{id} updates the one named in the path ({@code UPDATE_ONE}).
 */
public enum Mode {
    CREATE, UPSERT, UPDATE_ONE
}
