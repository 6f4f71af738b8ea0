package io.ledgerbridge.connector.xero.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where Xero's answers become the error catalogue: from the HTTP status, the headers
 * ({@code Retry-After}, {@code X-Rate-Limit-Problem}), the body (a {@code ValidationException} with its
 * {@code Elements}, an OAuth-era problem document, a plain-text outage page) or one element's {@code ValidationErrors}
 * of a {@code summarizeErrors=false} answer, and the record being written (its number, name, date, amount). What an
 * answer does not carry (an invoice's amount due, its status) is read from the {@link Organisation}, on the error
 * path only.
 *
 * <p>Messages and codes: API_FACTS B.5 (bodies, exact validation messages), B.6 (limits and headers), B.8 (OAuth).
 * The user-visible words follow the articles integrators publish for Xero ("Unable to refresh tokens", "Minute rate
 * limit hit", "Daily rate limit hit", "Current invoice has been paid in Xero and cannot be updated", "Please remove the
 * incorrect symbols from the product name"). Thread-safe: stateless apart from its settings.
 */
public final class XeroErrors {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** API_FACTS B.5: lock-date messages name the date as dd-MMM-yyyy, e.g. 30-Nov-2018. */
    private static final Pattern LOCK_DATE = Pattern.compile(
            "(period|end of year) lock date, currently set at (\\d{1,2}-[A-Za-z]{3}-\\d{4})");
    private static final DateTimeFormatter LOCK_FORMAT = DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ENGLISH);
    private static final Pattern QUOTED = Pattern.compile("'([^']*)'");
    /** API_FACTS B.7: an idempotency key is remembered for 6 minutes. */
    private static final Duration IDEMPOTENCY_MEMORY = Duration.ofMinutes(6);
    /** A day-limit 429 without Retry-After: Xero's windows are per organisation and not published; look again in an hour. */
    private static final Duration DAY_WAIT_UNKNOWN = Duration.ofHours(1);

    private final Clock clock;
    private final Duration throttleWait;

    public XeroErrors(Clock clock, Duration throttleWait) {
        this.clock = clock;
        this.throttleWait = throttleWait;
    }

    /** What the classifier may read from the organisation when an answer does not say it. Error path only. */
    public interface Organisation {
        /** An invoice's number, status and amount due, by InvoiceID. */
        Optional<InvoiceState> invoice(String invoiceId);

        Organisation NONE = invoiceId -> Optional.empty();
    }

    /** @param status Xero's invoice status (AUTHORISED, PAID, VOIDED...) */
    public record InvoiceState(String number, String status, BigDecimal amountDue) {}

    /** A classified failure; {@code retryAfter} is set when the vendor (or the rule) says when to try again. */
    public record Classified(SyncError error, Instant retryAfter) {
        static Classified of(SyncError error) {
            return new Classified(error, null);
        }
    }

    /**
     * A whole HTTP answer that is not a success.
     *
     * @param record the record written when the call carried one write (or the 400 names one element); null otherwise
     */
    public Classified response(int status, HttpHeaders headers, String body, Outbound record, Organisation organisation) {
        return response(status, headers, body, record, null, organisation);
    }

    /** @param destinationId the Xero id an update or void was sent to (null for a create or a read) */
    public Classified response(int status, HttpHeaders headers, String body, Outbound record, String destinationId,
            Organisation organisation) {
        if (status == 429) {
            return rateLimited(headers);
        }
        JsonNode json = json(body);
        if (status == 401 || status == 403) {
            return Classified.of(authorisation(status, json, body));
        }
        if (status == 400) {
            if (json != null && json.has("Elements")) {
                var messages = new ArrayList<String>();
                for (JsonNode element : json.get("Elements")) {
                    messages.addAll(validationMessages(element));
                }
                if (!messages.isEmpty()) {
                    return element(messages, record, destinationId, organisation);
                }
            }
            String message = json == null ? abbreviate(body) : json.path("Message").asText(abbreviate(body));
            if (message.contains("Idempotency Key") || message.contains("Idempotency-Key")) {
                return idempotencyConflict(message);
            }
            return Classified.of(SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage(message));
        }
        String words = vendorWords(status, json, body);
        if (status == 404) {
            return Classified.of(record == null ? SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage(words)
                    : notFound(record, destinationId, words));
        }
        if (status == 503 || status == 500 || status == 502 || status == 504) {
            // 503: "Organisation offline" / "The Xero API is currently offline for maintenance"; 500: Xero's own failure,
            // also "idempotency store unavailable" (API_FACTS B.5, B.7). Both pass: retried with backoff.
            Instant after = headers == null ? null : headers.firstValue("Retry-After").map(this::waitOf)
                    .map(d -> clock.instant().plus(d)).orElse(null);
            return new Classified(SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE).withVendorMessage(words), after);
        }
        return Classified.of(SyncError.of(status >= 500 && status != 501 ? ErrorCode.TEMPORARILY_UNAVAILABLE
                : ErrorCode.VENDOR_ERROR).withVendorMessage(words));
    }

    /**
     * One element's {@code ValidationErrors} of a {@code summarizeErrors=false} answer (API_FACTS B.2: HTTP 200, the
     * element's {@code StatusAttributeString} is {@code ERROR}), or of a 400's {@code Elements}.
     */
    public Classified element(List<String> messages, Outbound record, Organisation organisation) {
        return element(messages, record, null, organisation);
    }

    /** @param destinationId the Xero id an update or void was sent to (null for a create) */
    public Classified element(List<String> messages, Outbound record, String destinationId, Organisation organisation) {
        String words = String.join("; ", messages);
        String lower = words.toLowerCase(Locale.ROOT);
        if (lower.contains("idempotency key")) {
            return idempotencyConflict(words);
        }
        SyncError error;
        if (lower.contains("must be unique") && lower.contains("invoice #")) {
            error = SyncError.of(ErrorCode.ALREADY_SYNCED, "number", number(record));
        } else if (lower.contains("lock date")) {
            error = closedPeriod(record, words);
        } else if (lower.contains("not of valid status for modification")) {
            error = notModifiable(record, destinationId, organisation);
        } else if (lower.contains("exceeds the amount outstanding")) {
            error = overpayment(record, organisation);
        } else if (lower.contains("incorrect symbols")) {
            error = SyncError.of(ErrorCode.INVALID_CHARACTERS, "name", name(record));
        } else if (lower.contains("is already assigned to another contact")) {
            error = SyncError.of(ErrorCode.DUPLICATE_NAME, "name", name(record), "entity", "customer");
        } else if (lower.contains("price list item with code") && lower.contains("already exists")) {
            error = SyncError.of(ErrorCode.DUPLICATE_NAME, "name", quoted(words).orElse(name(record)),
                    "entity", "product code");
        } else if (lower.contains("taxtype") && lower.contains("cannot be used with account code")) {
            error = SyncError.of(ErrorCode.TAX_MISMATCH);
        } else if (lower.contains("taxtype") || lower.contains("tax type")) {
            error = unknownTaxType(record, words);
        } else if (lower.contains("account code") && lower.contains("not a valid code")) {
            error = SyncError.of(ErrorCode.VENDOR_ERROR);
            words = words + " Set the connection's " + (record instanceof Outbound.OutboundPayment ? "paymentAccountCode"
                    + " to the Code of a bank account" : "salesAccountCode to the Code of a revenue account")
                    + " of Xero's chart of accounts (Accounting → Chart of accounts), then retry.";
        } else if (lower.contains("contact must contain at least 1 of the following elements")
                || (lower.contains("contact") && lower.contains("could not be found"))) {
            error = customerMissing(record);
        } else if (lower.contains("was not found") || lower.contains("could not be found")) {
            error = notFound(record, destinationId, null);
        } else if (lower.contains("payments can only be made against authorised documents")
                && record instanceof Outbound.OutboundPayment p) {
            error = SyncError.of(ErrorCode.INVOICE_NOT_SYNCED, "invoice", p.payment().invoiceId(), "cause",
                    "Xero takes payments only on approved (AUTHORISED) invoices; it is a draft, voided or deleted there.");
        } else {
            error = SyncError.of(ErrorCode.VENDOR_ERROR);
        }
        return Classified.of(error.vendorMessage() == null ? error.withVendorMessage(words)
                : error.withVendorMessage(error.vendorMessage() + " (Xero: " + words + ")"));
    }

    /**
     * The token endpoint refused the refresh token ({@code invalid_grant}, API_FACTS B.8) or no app is configured:
     * only a person reconnecting can fix it. The catalogue's title is the articles' "Unable to refresh tokens".
     */
    public SyncError tokenRefreshFailed(String reason) {
        return SyncError.of(ErrorCode.TOKEN_REFRESH_FAILED).withVendorMessage(reason);
    }

    /** The request never reached Xero (connection refused, token endpoint down): nothing was written. */
    public SyncError unreachable(String reason) {
        return SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE).withVendorMessage(reason);
    }

    /** An update or void whose Xero record is gone (deleted or archived there). */
    public SyncError missingTarget(Outbound record, String destinationId) {
        return notFound(record, destinationId, null);
    }

    // ---- rate limits (API_FACTS B.6) ----------------------------------------------------------------------------

    private Classified rateLimited(HttpHeaders headers) {
        String problem = headers == null ? "" : headers.firstValue("X-Rate-Limit-Problem").orElse("")
                .strip().toLowerCase(Locale.ROOT);
        Optional<String> retryAfter = headers == null ? Optional.empty() : headers.firstValue("Retry-After");
        Instant now = clock.instant();
        String told = retryAfter.map(s -> ", Retry-After: " + s.strip()).orElse("");
        return switch (problem) {
            case "day", "daily" -> {
                Instant at = now.plus(retryAfter.map(this::waitOf).orElse(DAY_WAIT_UNKNOWN));
                String when = at.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
                yield new Classified(SyncError.of(ErrorCode.RATE_LIMITED, "limit", "daily", "resumesAt", when)
                        .withVendorMessage("Daily rate limit hit (X-Rate-Limit-Problem: day" + told + "): Xero takes "
                                + "5,000 calls a day per organisation. Nothing fails: syncs queue up and resume at "
                                + when + "."), at);
            }
            case "appminute" -> new Classified(SyncError.of(ErrorCode.RATE_LIMITED, "limit", "app-wide minute")
                    .withVendorMessage("App minute rate limit hit (X-Rate-Limit-Problem: appminute" + told + "): Xero "
                            + "takes 10,000 calls a minute from this app across all organisations."),
                    now.plus(retryAfter.map(this::waitOf).orElse(throttleWait)));
            case "concurrent" -> new Classified(SyncError.of(ErrorCode.RATE_LIMITED, "limit", "concurrency")
                    .withVendorMessage("Concurrent rate limit hit (X-Rate-Limit-Problem: concurrent" + told + "): Xero "
                            + "takes 5 calls at once per organisation."),
                    now.plus(retryAfter.map(this::waitOf).orElse(Duration.ofSeconds(1))));
            default -> new Classified(SyncError.of(ErrorCode.RATE_LIMITED, "limit", "minute")
                    .withVendorMessage("Minute rate limit hit (X-Rate-Limit-Problem: " + (problem.isEmpty() ? "none"
                            : problem) + told + "): Xero takes 60 calls a minute per organisation."),
                    now.plus(retryAfter.map(this::waitOf).orElse(throttleWait)));
        };
    }

    private Duration waitOf(String retryAfterHeader) {
        String h = retryAfterHeader.strip();
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(h)));
        } catch (NumberFormatException notSeconds) {
            try {
                var d = Duration.between(clock.instant(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant());
                return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
            } catch (DateTimeParseException notADate) {
                return throttleWait;
            }
        }
    }

    /** Same key, another request (API_FACTS B.7): Xero forgets the key after 6 minutes; try again then. */
    private Classified idempotencyConflict(String words) {
        return new Classified(SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE).withVendorMessage(words),
                clock.instant().plus(IDEMPOTENCY_MEMORY));
    }

    // ---- authorisation (API_FACTS B.5, B.8) ---------------------------------------------------------------------

    private static SyncError authorisation(int status, JsonNode json, String body) {
        String detail = json == null ? abbreviate(body) : json.path("Detail").asText(json.path("Title").asText(""));
        if (status == 403) {
            return SyncError.of(ErrorCode.UNAUTHORIZED).withVendorMessage("Forbidden (403)"
                    + (detail.isBlank() ? "" : ": " + detail) + ". The token does not reach this organisation or lacks a "
                    + "scope (accounting.transactions, accounting.contacts, accounting.settings)");
        }
        if (detail.contains("TokenExpired")) {
            // Still expired after the refresh and repeat the API makes on a 401.
            return SyncError.of(ErrorCode.UNAUTHORIZED).withVendorMessage("Unable to refresh tokens: " + detail);
        }
        return SyncError.of(ErrorCode.UNAUTHORIZED).withVendorMessage("Invalid token set provided (401"
                + (detail.isBlank() ? "" : " " + detail) + ")");
    }

    // ---- the record's details for each validation message -------------------------------------------------------

    private static SyncError closedPeriod(Outbound record, String words) {
        String date = switch (record) {
            case Outbound.OutboundInvoice i -> String.valueOf(i.invoice().issueDate());
            case Outbound.OutboundPayment p -> String.valueOf(p.payment().date());
            case null, default -> "?";
        };
        Matcher m = LOCK_DATE.matcher(words);
        String through = "the lock date set in Xero";
        if (m.find()) {
            try {
                through = LocalDate.parse(m.group(2), LOCK_FORMAT) + " (" + m.group(1) + " lock date)";
            } catch (DateTimeParseException e) {
                through = m.group(2) + " (" + m.group(1) + " lock date)";
            }
        }
        return SyncError.of(ErrorCode.CLOSED_PERIOD, "date", date, "closedThrough", through);
    }

    /** "Invoice not of valid status for modification": paid (or part paid), or voided/deleted in Xero. */
    private static SyncError notModifiable(Outbound record, String destinationId, Organisation organisation) {
        if (!(record instanceof Outbound.OutboundInvoice i)) {
            return SyncError.of(ErrorCode.VENDOR_ERROR);
        }
        String status = destinationId == null ? "" : organisation.invoice(destinationId).map(InvoiceState::status)
                .orElse("");
        if (status.equals("VOIDED") || status.equals("DELETED")) {
            return SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage("Invoice " + i.invoice().number() + " is "
                    + status + " in Xero and cannot be changed any more; skip this sync or mark it as synced.");
        }
        // The sentence bookkeepers know from the Xero articles (seeds 004), with Xero's own words after it.
        return SyncError.of(ErrorCode.INVOICE_PAID, "number", i.invoice().number()).withVendorMessage(
                "Current invoice has been paid in Xero and cannot be updated");
    }

    private static SyncError overpayment(Outbound record, Organisation organisation) {
        if (!(record instanceof Outbound.OutboundPayment p)) {
            return SyncError.of(ErrorCode.VENDOR_ERROR);
        }
        var state = organisation.invoice(p.invoiceRef());
        return SyncError.of(ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING,
                "amount", money(p.payment().amount()) + " " + p.payment().currency(),
                "outstanding", state.map(s -> money(s.amountDue()) + " " + p.payment().currency()).orElse("amount"),
                "number", state.map(InvoiceState::number).filter(n -> n != null && !n.isBlank())
                        .orElse(p.payment().invoiceId()));
    }

    /** A TaxType Xero does not know: the flow's tax mapping named it; say which source tax rate maps to it. */
    private static SyncError unknownTaxType(Outbound record, String words) {
        if (record instanceof Outbound.OutboundInvoice i) {
            var named = quoted(words);
            for (Map.Entry<String, String> e : i.taxCodeRefs().entrySet()) {
                if (named.isEmpty() || named.get().equals(e.getValue())) {
                    return SyncError.of(ErrorCode.TAX_CODE_NOT_MAPPED, "taxCode", e.getKey());
                }
            }
        }
        return SyncError.of(ErrorCode.TAX_MISMATCH);
    }

    private static SyncError customerMissing(Outbound record) {
        return switch (record) {
            case Outbound.OutboundInvoice i -> SyncError.of(ErrorCode.CUSTOMER_NOT_SYNCED, "customer",
                    i.invoice().customerId(), "cause", "Xero has no contact with ContactID " + i.customerRef()
                            + " (archived or deleted there?).");
            case Outbound.OutboundPayment p -> SyncError.of(ErrorCode.INVOICE_NOT_SYNCED, "invoice",
                    p.payment().invoiceId(), "cause", "its contact is missing in Xero.");
            case null, default -> SyncError.of(ErrorCode.VENDOR_ERROR);
        };
    }

    private static SyncError notFound(Outbound record, String destinationId, String words) {
        if (record instanceof Outbound.OutboundPayment p && destinationId == null) {
            return SyncError.of(ErrorCode.INVOICE_NOT_SYNCED, "invoice", p.payment().invoiceId(), "cause",
                    "Xero has no invoice with InvoiceID " + p.invoiceRef() + " (deleted there?).")
                    .withVendorMessage(words);
        }
        return SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage("Xero has no " + noun(record)
                + (destinationId == null ? "" : " with id " + destinationId) + " any more (deleted or archived there)"
                + (words == null ? "" : " (" + words + ")") + "; link this record again or mark it as synced.");
    }

    private static String number(Outbound record) {
        return record instanceof Outbound.OutboundInvoice i ? i.invoice().number() : "?";
    }

    private static String name(Outbound record) {
        return switch (record) {
            case null -> "?";
            case Outbound.OutboundCustomer c -> c.customer().displayName();
            case Outbound.OutboundProduct p -> p.product().name();
            case Outbound.OutboundInvoice i -> i.invoice().number();
            case Outbound.OutboundPayment p -> p.payment().id();
        };
    }

    private static String noun(Outbound record) {
        return switch (record) {
            case null -> "record";
            case Outbound.OutboundCustomer c -> "contact";
            case Outbound.OutboundProduct p -> "item";
            case Outbound.OutboundInvoice i -> "invoice";
            case Outbound.OutboundPayment p -> "payment";
        };
    }

    /** The {@code ValidationErrors[].Message} of one element. */
    public static List<String> validationMessages(JsonNode element) {
        var out = new ArrayList<String>();
        for (JsonNode e : element.path("ValidationErrors")) {
            String m = e.path("Message").asText("");
            if (!m.isBlank()) {
                out.add(m);
            }
        }
        return out;
    }

    private static String vendorWords(int status, JsonNode json, String body) {
        if (json != null) {
            for (String field : List.of("Message", "Detail", "Title")) {
                if (json.hasNonNull(field) && !json.get(field).asText().isBlank()) {
                    return "HTTP " + status + ": " + json.get(field).asText();
                }
            }
        }
        return "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body));
    }

    private static Optional<String> quoted(String text) {
        Matcher m = QUOTED.matcher(text);
        while (m.find()) {
            if (!m.group(1).isEmpty()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    private static String money(BigDecimal amount) {
        return (amount.scale() < 2 ? amount.setScale(2, RoundingMode.UNNECESSARY) : amount).toPlainString();
    }

    private static JsonNode json(String body) {
        if (body == null || !body.stripLeading().startsWith("{")) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.strip().replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
