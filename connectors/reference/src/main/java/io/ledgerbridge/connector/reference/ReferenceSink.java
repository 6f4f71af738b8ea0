package io.ledgerbridge.connector.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerbridge.connector.Lookup;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.connector.RateLimits;
import io.ledgerbridge.connector.Sink;
import io.ledgerbridge.connector.SinkCapabilities;
import io.ledgerbridge.connector.TokenAccess;
import io.ledgerbridge.connector.Write;
import io.ledgerbridge.connector.WriteResult;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import io.ledgerbridge.domain.record.RecordType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Writes to one reference ledger over HTTP. Thread-safe (stateless apart from the shared HTTP client). */
final class ReferenceSink implements Sink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final String ledgerUrl;
    private final TokenAccess tokens;
    private final Duration timeout;
    private final int maxBatch;
    private final Clock clock;

    ReferenceSink(HttpClient http, String baseUrl, String ledger, TokenAccess tokens, Duration timeout, int maxBatch,
            Clock clock) {
        this.http = http;
        this.ledgerUrl = baseUrl + "/ledgers/" + ledger;
        this.tokens = tokens;
        this.timeout = timeout;
        this.maxBatch = maxBatch;
        this.clock = clock;
    }

    @Override
    public SinkCapabilities capabilities() {
        return new SinkCapabilities(EnumSet.allOf(RecordType.class), maxBatch, true, true);
    }

    @Override
    public RateLimits rateLimits() {
        return RateLimits.NONE;
    }

    @Override
    public String displayName() {
        return "the reference ledger";
    }

    @Override
    public List<WriteResult> write(List<Write> writes) {
        if (writes.size() > maxBatch) {
            throw new IllegalArgumentException("the reference ledger takes at most " + maxBatch + " writes a call, got " + writes.size());
        }
        if (writes.isEmpty()) {
            return List.of();
        }
        var body = JSON.createObjectNode();
        var ops = body.putArray("operations");
        for (var w : writes) {
            var op = ops.addObject()
                    .put("requestId", w.key().value())
                    .put("op", w.operation().name().toLowerCase())
                    .put("entity", entity(w.type()))
                    .put("recordKey", w.type() + ":" + w.record().naturalKey());
            if (w.destinationId() != null) {
                op.put("id", w.destinationId());
            }
            op.set("data", data(w.record()));
        }
        return switch (post("/batch", body)) {
            case Call.Answered a when a.status() == 200 -> {
                var results = new ArrayList<WriteResult>();
                for (var r : a.body().path("results")) {
                    results.add(r.path("status").asInt() < 300
                            ? new WriteResult.Written(r.path("id").asText())
                            : new WriteResult.Rejected(ReferenceErrors.classify(r.path("error"))));
                }
                yield results;
            }
            case Call.Answered a -> all(writes, rejected(a));
            case Call.NotSent n -> all(writes, new WriteResult.Rejected(n.error()));
            case Call.Lost l -> all(writes, new WriteResult.Uncertain(l.reason()));
        };
    }

    @Override
    public Map<String, Lookup> find(RecordType type, Collection<String> naturalKeys) {
        var body = JSON.createObjectNode().put("entity", entity(type)).put("field", switch (type) {
            case CUSTOMER -> "email";
            case PRODUCT -> "sku";
            case INVOICE -> "number";
            case PAYMENT -> "reference";
        });
        var values = body.putArray("values");
        naturalKeys.forEach(values::add);
        var out = new HashMap<String, Lookup>();
        switch (post("/lookup", body)) {
            case Call.Answered a when a.status() == 200 -> naturalKeys.forEach(k -> {
                var id = a.body().path("matches").get(k);
                out.put(k, id == null ? Lookup.NOT_FOUND : new Lookup.Found(id.asText()));
            });
            case Call.Answered a -> {
                var rejected = rejected(a);
                naturalKeys.forEach(k -> out.put(k, new Lookup.Failed(rejected.error(), rejected.retryAfter())));
            }
            case Call.NotSent n -> naturalKeys.forEach(k -> out.put(k, new Lookup.Failed(n.error())));
            case Call.Lost l -> naturalKeys.forEach(k -> out.put(k, new Lookup.Failed(
                    SyncError.of(ErrorCode.TIMEOUT).withVendorMessage(l.reason()))));
        }
        return out;
    }

    private WriteResult.Rejected rejected(Call.Answered a) {
        Instant retryAfter = a.retryAfterSeconds() > 0 ? clock.instant().plusSeconds(a.retryAfterSeconds()) : null;
        var error = a.body().has("error") && a.status() != 429 && a.status() < 500 && a.status() != 401
                ? ReferenceErrors.classify(a.body().get("error"))
                : ReferenceErrors.ofStatus(a.status(), a.body().path("error").path("message").asText());
        return new WriteResult.Rejected(error, retryAfter);
    }

    private static List<WriteResult> all(List<Write> writes, WriteResult r) {
        return writes.stream().map(w -> r).toList();
    }

    /** How one HTTP call ended. */
    private sealed interface Call {
        record Answered(int status, JsonNode body, long retryAfterSeconds) implements Call {}

        /** The request never reached the ledger: nothing can have been written. */
        record NotSent(SyncError error) implements Call {}

        /** The request may have been applied, but no answer came. */
        record Lost(String reason) implements Call {}
    }

    private Call post(String path, ObjectNode body) {
        String token;
        try {
            token = tokens.accessToken();
        } catch (TokenAccess.ReconnectNeeded e) {
            return new Call.NotSent(SyncError.of(ErrorCode.UNAUTHORIZED).withVendorMessage(e.getMessage()));
        }
        var call = send(path, body, token);
        if (call instanceof Call.Answered a && a.status() == 401) {
            try {
                String fresh = tokens.refreshAfterRejection(token);
                if (!fresh.equals(token)) {
                    return send(path, body, fresh);
                }
            } catch (TokenAccess.ReconnectNeeded e) {
                return new Call.NotSent(SyncError.of(ErrorCode.UNAUTHORIZED)
                        .withVendorMessage(a.body().path("error").path("message").asText(e.getMessage())));
            }
            return new Call.NotSent(SyncError.of(ErrorCode.UNAUTHORIZED)
                    .withVendorMessage(a.body().path("error").path("message").asText()));
        }
        return call;
    }

    private Call send(String path, ObjectNode body, String token) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var request = HttpRequest.newBuilder(URI.create(ledgerUrl + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = response.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(response.body());
            long retryAfter = response.headers().firstValue("Retry-After").map(Long::parseLong).orElse(0L);
            return new Call.Answered(response.statusCode(), json, retryAfter);
        } catch (ConnectException e) {
            return new Call.NotSent(SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE)
                    .withVendorMessage("cannot connect to " + ledgerUrl));
        } catch (HttpTimeoutException e) {
            return new Call.Lost("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Call.Lost(e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call.Lost("interrupted while waiting for the answer");
        }
    }

    private static String entity(RecordType type) {
        return switch (type) {
            case CUSTOMER -> "customer";
            case PRODUCT -> "item";
            case INVOICE -> "invoice";
            case PAYMENT -> "payment";
        };
    }

    private static ObjectNode data(Outbound record) {
        var d = JSON.createObjectNode();
        switch (record) {
            case Outbound.OutboundCustomer c -> d.put("name", c.customer().displayName())
                    .put("email", c.customer().email())
                    .put("company", c.customer().companyName());
            case Outbound.OutboundProduct p -> d.put("sku", p.product().sku()).put("name", p.product().name())
                    .put("unitPrice", p.product().unitPrice() == null ? null : p.product().unitPrice().toPlainString());
            case Outbound.OutboundInvoice i -> {
                var inv = i.invoice();
                d.put("number", inv.number()).put("customerId", i.customerRef()).put("currency", inv.currency())
                        .put("date", inv.issueDate().toString())
                        .put("dueDate", inv.dueDate() == null ? null : inv.dueDate().toString())
                        .put("memo", inv.memo());
                var lines = d.putArray("lines");
                for (var line : inv.lines()) {
                    lines.addObject().put("itemId", i.itemRefs().get(line.sku())).put("sku", line.sku())
                            .put("description", line.description())
                            .put("quantity", line.quantity().toPlainString())
                            .put("unitPrice", line.unitPrice().toPlainString())
                            .put("taxCode", line.taxCode() == null ? null : i.taxCodeRefs().get(line.taxCode()));
                }
            }
            case Outbound.OutboundPayment p -> d.put("invoiceId", p.invoiceRef()).put("customerId", p.customerRef())
                    .put("amount", p.payment().amount().toPlainString()).put("currency", p.payment().currency())
                    .put("date", p.payment().date().toString()).put("reference", p.payment().id());
        }
        return d;
    }
}
