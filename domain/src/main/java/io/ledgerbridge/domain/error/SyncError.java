package io.ledgerbridge.domain.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One failure as the user sees it: a catalogue code, the record's details (the SKU, the date, the email...),
 * and the vendor's own words when there are any. {@link #message()} and {@link #fix()} render the catalogue's
 * templates with the details.
 */
public record SyncError(ErrorCode code, Map<String, String> details, String vendorMessage) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");

    public SyncError {
        details = details == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(details));
    }

    public static SyncError of(ErrorCode code, String... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("details come in key/value pairs");
        }
        var map = new LinkedHashMap<String, String>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return new SyncError(code, map, null);
    }

    public SyncError withVendorMessage(String message) {
        return new SyncError(code, details, message);
    }

    public SyncError with(String key, String value) {
        var map = new LinkedHashMap<>(details);
        map.put(key, value);
        return new SyncError(code, map, vendorMessage);
    }

    public ErrorKind kind() {
        return code.kind();
    }

    public String title() {
        return code.title();
    }

    public String message() {
        return render(code.template());
    }

    public String fix() {
        return render(code.fixTemplate());
    }

    private String render(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            String key = m.group(1);
            String value = "vendorMessage".equals(key) ? vendorMessage : details.get(key);
            if (value == null) {
                value = switch (key) {
                    case "destination" -> "the destination";
                    case "source" -> "the source";
                    default -> "?";
                };
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
