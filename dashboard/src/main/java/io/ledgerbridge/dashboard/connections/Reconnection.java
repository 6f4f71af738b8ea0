package io.ledgerbridge.dashboard.connections;

/**
 * How a person gives a connection new authorisation from Settings → Connections, per system.
 *
 * <ul>
 *   <li>{@link PasteToken}: a form takes a new access token (the reference ledger, and API-key systems).</li>
 *   <li>{@link OAuthRedirect}: the Reconnect button sends the browser to the vendor's consent page; the vendor sends
 *       it back to the dashboard's callback with a code, exchanged for tokens. The page and its button are laid out
 *       for this; the redirect and callback routes come with the first OAuth connector (QuickBooks, Xero, HubSpot).</li>
 *   <li>{@link NotNeeded}: nothing to authorise (the native source: your app pushes to the REST API with an API key).</li>
 * </ul>
 */
public sealed interface Reconnection {

    record PasteToken(String hint) implements Reconnection {}

    /** @param vendor the name on the button ("Reconnect with QuickBooks Online") */
    record OAuthRedirect(String vendor) implements Reconnection {}

    record NotNeeded() implements Reconnection {}

    /** The reconnection of the systems known today: the native source, the reference ledger, the OAuth vendors. */
    static Reconnection forSystem(String system, String systemName) {
        return switch (system) {
            case "native" -> new NotNeeded();
            case "reference" -> new PasteToken("Issue a new token in the reference ledger, then paste it here.");
            default -> new OAuthRedirect(systemName);
        };
    }
}
