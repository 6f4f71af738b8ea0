package io.ledgerbridge.connector.quickbooks.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * A QuickBooks fault as it travels: {@code {"Fault":{"Error":[{"Message","Detail","code","element"}],"type"}}}
 * (API_FACTS A.5), inside a {@code BatchItemResponse}, or as XML ({@code <IntuitResponse><Fault type><Error code>})
 * which QuickBooks' gateway sends for 401 and 429 even when JSON was asked for. Camel-case keys
 * ({@code fault/error/message}) seen from SDK serialisations are read too.
 */
public record QuickBooksFault(String type, List<Error> errors) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record Error(String code, String message, String detail, String element) {}

    public QuickBooksFault {
        type = type == null ? "" : type;
        errors = List.copyOf(errors);
    }

    /** The first error's code with leading zeros removed ("003200" → "3200"), or "" when there is none. */
    public String code() {
        if (errors.isEmpty() || errors.getFirst().code() == null) {
            return "";
        }
        String c = errors.getFirst().code().strip();
        int i = 0;
        while (i < c.length() - 1 && c.charAt(i) == '0') {
            i++;
        }
        return c.substring(i);
    }

    public String element() {
        return errors.isEmpty() || errors.getFirst().element() == null ? "" : errors.getFirst().element();
    }

    public String detail() {
        return errors.isEmpty() || errors.getFirst().detail() == null ? "" : errors.getFirst().detail();
    }

    /** The vendor's own words, verbatim: "Message: Detail (code N)" for every error. */
    public String vendorMessage() {
        var parts = new ArrayList<String>();
        for (var e : errors) {
            var s = new StringBuilder(e.message() == null ? "" : e.message());
            if (e.detail() != null && !e.detail().isBlank() && !e.detail().equals(e.message())) {
                s.append(s.isEmpty() ? "" : ": ").append(e.detail());
            }
            if (e.code() != null && !e.code().isBlank()) {
                s.append(" (code ").append(e.code()).append(')');
            }
            parts.add(s.toString());
        }
        return String.join("; ", parts);
    }

    /** Reads a whole response body: JSON with a {@code Fault} member, or the gateway's XML. */
    public static Optional<QuickBooksFault> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        String trimmed = body.strip();
        if (trimmed.startsWith("<")) {
            return parseXml(trimmed);
        }
        try {
            return of(JSON.readTree(trimmed));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** From a JSON response or batch item: the object holding {@code Fault}, or the fault object itself. */
    public static Optional<QuickBooksFault> of(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        JsonNode fault = field(node, "Fault");
        if (fault == null && field(node, "Error") != null) {
            fault = node;
        }
        if (fault == null || !fault.isObject()) {
            return Optional.empty();
        }
        var errors = new ArrayList<Error>();
        JsonNode list = field(fault, "Error");
        if (list != null) {
            for (JsonNode e : list.isArray() ? list : JSON.createArrayNode().add(list)) {
                errors.add(new Error(text(e, "code"), text(e, "Message"), text(e, "Detail"), text(e, "element")));
            }
        }
        return Optional.of(new QuickBooksFault(text(fault, "type"), errors));
    }

    private static Optional<QuickBooksFault> parseXml(String xml) {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(false);
            var doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
            var faults = doc.getElementsByTagName("Fault");
            if (faults.getLength() == 0) {
                return Optional.empty();
            }
            var fault = (Element) faults.item(0);
            var errors = new ArrayList<Error>();
            for (Node n = fault.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("Error")) {
                    errors.add(new Error(e.getAttribute("code"), child(e, "Message"), child(e, "Detail"),
                            e.getAttribute("element")));
                }
            }
            return Optional.of(new QuickBooksFault(fault.getAttribute("type"), errors));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            return Optional.empty();
        }
    }

    private static String child(Element parent, String tag) {
        var list = parent.getElementsByTagName(tag);
        return list.getLength() == 0 ? null : list.item(0).getTextContent();
    }

    private static JsonNode field(JsonNode node, String name) {
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = field(node, name);
        return v == null || v.isNull() ? null : v.asText();
    }
}
