package io.ledgerbridge.sandbox.hubspot.crm;

/**
 * Who made a change. It fills {@code hs_object_source*} on create, each {@code propertiesWithHistory} entry
 * ({@code sourceType}, {@code sourceId}, {@code sourceLabel}) and a webhook event's {@code changeSource}/{@code sourceId},
 * so a sync can skip the records it wrote itself.
 *
 * @param type  {@code INTEGRATION} for API calls with an app's token, {@code CRM_UI} for the console and seeding
 * @param id    the app id for integrations ({@code "123456"}), {@code userId:N} for people
 * @param label a human label (the app name)
 */
public record WriteSource(String type, String id, String label) {
    public static final WriteSource CRM_UI = new WriteSource("CRM_UI", "userId:1", "Sandbox user");

    public static WriteSource integration(long appId, String appName) {
        return new WriteSource("INTEGRATION", Long.toString(appId), appName);
    }
}
