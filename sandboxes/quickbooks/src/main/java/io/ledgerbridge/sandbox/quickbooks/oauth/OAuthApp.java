package io.ledgerbridge.sandbox.quickbooks.oauth;

import io.ledgerbridge.sandbox.quickbooks.webhook.WebhookFormat;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * An app registered with the sandbox, as on Intuit's developer portal: OAuth client credentials, the redirect URIs
 * it may use, and its webhook endpoint with the verifier token that signs deliveries (API_FACTS A.8, A.9).
 *
 * @param webhookUrl null for an app without webhooks
 */
public record OAuthApp(String clientId, String clientSecret, Set<String> redirectUris, URI webhookUrl,
                       String verifierToken, WebhookFormat webhookFormat) {

    public OAuthApp {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        redirectUris = Set.copyOf(redirectUris);
        webhookFormat = webhookFormat == null ? WebhookFormat.CLOUD_EVENTS : webhookFormat;
        if (webhookUrl != null && (verifierToken == null || verifierToken.isBlank())) {
            throw new IllegalArgumentException("an app with a webhook URL needs a verifier token");
        }
    }

    public static OAuthApp of(String clientId, String clientSecret, String... redirectUris) {
        return new OAuthApp(clientId, clientSecret, Set.of(redirectUris), null, null, null);
    }

    public OAuthApp withWebhook(URI url, String verifierToken, WebhookFormat format) {
        return new OAuthApp(clientId, clientSecret, redirectUris, url, verifierToken, format);
    }
}
