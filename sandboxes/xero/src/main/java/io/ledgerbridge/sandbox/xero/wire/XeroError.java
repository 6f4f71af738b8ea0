package io.ledgerbridge.sandbox.xero.wire;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/**
 * An answer that ends a request early (auth, tenant, not found, faults). Thrown by the gate and the handlers and turned
 * into its HTTP answer in one place. Each factory cites the source of its exact shape and text.
 */
public final class XeroError extends RuntimeException {
    private final transient ApiAnswer answer;

    public XeroError(ApiAnswer answer) {
        super(answer.status() + " " + answer.body(), null, false, false);
        this.answer = answer;
    }

    public ApiAnswer answer() {
        return answer;
    }

    /** OAuth2-era 401/403: {"Type":null,"Title":…,"Status":…,"Detail":…,"Instance":…,"Extensions":{}} (API_FACTS B.5 [2ND]). */
    public static XeroError problem(int status, String title, String detail) {
        ObjectNode body = XeroJson.object();
        body.putNull("Type");
        body.put("Title", title);
        body.put("Status", status);
        body.put("Detail", detail);
        body.put("Instance", UUID.randomUUID().toString());
        body.putObject("Extensions");
        return new XeroError(ApiAnswer.json(status, body));
    }

    public static XeroError unauthorized(String detail) {
        return problem(401, "Unauthorized", detail);
    }

    /** 403 for a tenant the token cannot reach, or a missing xero-tenant-id (API_FACTS B.5 [2ND]). */
    public static XeroError forbidden() {
        return problem(403, "Forbidden", "AuthorizationUnsuccessful");
    }

    /** 404 (API_FACTS B.5 [SPEC]): "The document with the supplied id was not found for this endpoint." */
    public static XeroError notFound() {
        return new XeroError(ApiAnswer.text(404, "The document with the supplied id was not found for this endpoint."));
    }

    /** A 400 ValidationException (schema Error, API_FACTS B.5 [SPEC]) with the given elements. */
    public static XeroError validation(ArrayNode elements) {
        return new XeroError(ApiAnswer.json(400, validationBody(elements)));
    }

    /** A 400 whose message is not about one element (bad query, bad JSON, idempotency misuse). */
    public static XeroError badRequest(String message) {
        ObjectNode body = XeroJson.object();
        body.put("ErrorNumber", 10);
        body.put("Type", "ValidationException");
        body.put("Message", message);
        body.putArray("Elements").addObject().putArray("ValidationErrors").addObject().put("Message", message);
        return new XeroError(ApiAnswer.json(400, body));
    }

    public static ObjectNode validationBody(ArrayNode elements) {
        ObjectNode body = XeroJson.object();
        body.put("ErrorNumber", 10);
        body.put("Type", "ValidationException");
        body.put("Message", "A validation exception occurred");
        body.set("Elements", elements);
        return body;
    }

    /** 503 plain text (API_FACTS B.5 [OFFICIAL]): "Organisation offline" or the maintenance text. */
    public static XeroError offline(String text) {
        return new XeroError(ApiAnswer.text(503, text));
    }

    /**
     * 500. The body is a design choice in the problem shape of 401/403; its Detail is the text the official Xero SDK
     * gives its XeroServerErrorException (XeroApiExceptionHandler), which points at Xero's status page.
     */
    public static XeroError serverError() {
        return problem(500, "An error occurred",
                "An error occurred in Xero. Check the API Status page http://status.developer.xero.com for current service status.");
    }
}
