package io.ledgerbridge.sandbox.quickbooks.fault;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.sandbox.quickbooks.wire.Json;
import java.util.List;

/**
 * A QuickBooks fault: IntuitRestServiceDef.xsd {@code Fault{Error[]; @type}}, {@code Error{Message, Detail; @code,
 * @element}}. Wire shape (API_FACTS A.5):
 * {@code {"Fault":{"Error":[{"Message","Detail","code","element"}],"type":"ValidationFault"}}}.
 *
 * @param httpStatus the status the fault travels with when it is a whole response (inside a batch it has none)
 */
public record Fault(int httpStatus, String type, List<Error> errors) {

    public static final String VALIDATION = "ValidationFault";
    public static final String SYSTEM = "SystemFault";
    public static final String AUTHENTICATION_FAULT = "AuthenticationFault";
    /** Gateway faults (401 token, 429 throttle) use these upper-case types, API_FACTS A.5 (3200, 3001). */
    public static final String GATEWAY_AUTHENTICATION = "AUTHENTICATION";
    public static final String GATEWAY_SERVICE = "SERVICE";

    public record Error(String code, String message, String detail, String element) {}

    public Fault {
        errors = List.copyOf(errors);
    }

    public static Fault of(int httpStatus, String type, String code, String message, String detail, String element) {
        return new Fault(httpStatus, type, List.of(new Error(code, message, detail, element)));
    }

    public String code() {
        return errors.isEmpty() ? null : errors.getFirst().code();
    }

    /** The inner {@code Fault} object (without the {@code {"Fault": …}} wrapper). */
    public ObjectNode toJson() {
        ObjectNode fault = Json.object();
        ArrayNode list = fault.putArray("Error");
        for (Error e : errors) {
            ObjectNode error = list.addObject();
            error.put("Message", e.message());
            error.put("Detail", e.detail() == null ? "" : e.detail());
            error.put("code", e.code());
            error.put("element", e.element() == null ? "" : e.element());
        }
        fault.put("type", type);
        return fault;
    }

    /** The XML form gateway faults are often sent in even when JSON was asked for (API_FACTS A.5 note). */
    public String toXml(String time) {
        StringBuilder xml = new StringBuilder()
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
                .append("<IntuitResponse xmlns=\"http://schema.intuit.com/finance/v3\" time=\"").append(time).append("\">")
                .append("<Fault type=\"").append(escape(type)).append("\">");
        for (Error e : errors) {
            xml.append("<Error code=\"").append(escape(e.code())).append("\">")
                    .append("<Message>").append(escape(e.message())).append("</Message>")
                    .append("<Detail>").append(escape(e.detail())).append("</Detail>")
                    .append("</Error>");
        }
        return xml.append("</Fault></IntuitResponse>").toString();
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
