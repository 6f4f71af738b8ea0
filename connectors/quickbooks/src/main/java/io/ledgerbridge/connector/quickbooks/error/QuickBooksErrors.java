package io.ledgerbridge.connector.quickbooks.error;

import io.ledgerbridge.connector.Outbound;
import io.ledgerbridge.domain.error.ErrorCode;
import io.ledgerbridge.domain.error.SyncError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where QuickBooks' answers become the error catalogue: from the HTTP status, the {@code Retry-After}
 * header, the fault's type, code, element and words, and the record being written (its SKU, name, date, number).
 * Whatever a fault does not carry (the closing date, an invoice's balance, which item is inactive) is read from the
 * {@link Company}, on the error path only.
 *
 * <p>Codes and texts: API_FACTS A.5. Thread-safe (stateless apart from its settings).
 */
public final class QuickBooksErrors {

    /** API_FACTS A.6: "on 429 wait 60 seconds before retrying"; QuickBooks sends no Retry-After. */
    public static final Duration THROTTLE_WAIT = Duration.ofSeconds(60);

    private static final Pattern OPEN_BALANCE = Pattern.compile("open balance\\s+\\$?(-?[\\d,]+(?:\\.\\d+)?)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern DOC_NUMBER = Pattern.compile("DocNumber[=\\s]+([^\\s,;)]+)");

    private final Clock clock;
    private final Duration throttleWait;

    public QuickBooksErrors(Clock clock, Duration throttleWait) {
        this.clock = clock;
        this.throttleWait = throttleWait;
    }

    /** What the classifier may read from the company when a fault does not say it. Called on the error path only. */
    public interface Company {
        /** Preferences.AccountingInfoPrefs.BookCloseDate. */
        Optional<LocalDate> closingDate();

        /** An invoice's DocNumber and open Balance. */
        Optional<InvoiceState> invoice(String invoiceId);

        /** Which of these item ids are active items. */
        Optional<Set<String>> activeItems(Collection<String> itemIds);

        Company NONE = new Company() {
            public Optional<LocalDate> closingDate() {
                return Optional.empty();
            }

            public Optional<InvoiceState> invoice(String invoiceId) {
                return Optional.empty();
            }

            public Optional<Set<String>> activeItems(Collection<String> itemIds) {
                return Optional.empty();
            }
        };
    }

    public record InvoiceState(String docNumber, BigDecimal balance) {}

    /** A classified failure; {@code retryAfter} is set for rate limits. */
    public record Classified(SyncError error, Instant retryAfter) {}

    /** A whole HTTP answer that is not a success (a 4xx/5xx, or a 200 carrying a Fault). */
    public Classified response(int status, String retryAfterHeader, String body, Outbound record, Company company) {
        var fault = QuickBooksFault.parse(body);
        String vendor = fault.map(QuickBooksFault::vendorMessage).filter(s -> !s.isBlank())
                .orElseGet(() -> "HTTP " + status + (body == null || body.isBlank() ? "" : ": " + abbreviate(body)));
        return classify(status, fault.orElse(null), vendor, retryAfterHeader, record, company);
    }

    /** One item's fault inside a {@code BatchItemResponse} (the HTTP answer itself was 200). */
    public Classified batchItem(QuickBooksFault fault, Outbound record, Company company) {
        return classify(0, fault, fault.vendorMessage(), null, record, company);
    }

    /** The token endpoint said the refresh token is dead: only a person reconnecting can fix it. */
    public SyncError tokenRefreshFailed(String reason) {
        return SyncError.of(ErrorCode.TOKEN_REFRESH_FAILED).withVendorMessage(reason);
    }

    /** The request never reached QuickBooks (connection refused, token endpoint down): nothing was written. */
    public SyncError unreachable(String reason) {
        return SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE).withVendorMessage(reason);
    }

    /** An update or void whose QuickBooks record is gone (deleted or merged there). */
    public SyncError missingTarget(Outbound record, String destinationId) {
        return SyncError.of(ErrorCode.VENDOR_ERROR).withVendorMessage("QuickBooks Online has no " + noun(record)
                + " with Id " + destinationId + " any more (deleted or merged there); link this record again or "
                + "mark it as synced.");
    }

    private Classified classify(int status, QuickBooksFault fault, String vendor, String retryAfterHeader,
            Outbound record, Company company) {
        String code = fault == null ? "" : fault.code();
        String type = fault == null ? "" : fault.type();
        if (status == 429 || code.equals("3001")) {
            return new Classified(SyncError.of(ErrorCode.RATE_LIMITED, "limit", "minute").withVendorMessage(vendor),
                    clock.instant().plus(wait(retryAfterHeader)));
        }
        if (status == 401 || status == 403 || Set.of("3200", "100", "3100", "120").contains(code)
                || type.equalsIgnoreCase("AUTHENTICATION") || type.equals("AuthenticationFault")
                || type.equals("AuthorizationFault")) {
            return plain(SyncError.of(ErrorCode.UNAUTHORIZED).withVendorMessage(vendor));
        }
        SyncError error = switch (code) {
            case "6240" -> duplicateName(record);
            case "6140" -> alreadySynced(record, fault);
            case "5010" -> SyncError.of(ErrorCode.STALE_OBJECT);
            case "610" -> objectNotFound(record, fault, company);
            case "6210" -> closedPeriod(record, company);
            case "6000" -> businessRule(record, fault, company);
            case "10000" -> SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE);
            default -> null;
        };
        if (error == null) {
            error = status >= 500 || type.equals("SystemFault")
                    ? SyncError.of(ErrorCode.TEMPORARILY_UNAVAILABLE) : SyncError.of(ErrorCode.VENDOR_ERROR);
        }
        return plain(error.withVendorMessage(vendor));
    }

    private static Classified plain(SyncError error) {
        return new Classified(error, null);
    }

    private Duration wait(String retryAfterHeader) {
        if (retryAfterHeader == null || retryAfterHeader.isBlank()) {
            return throttleWait;
        }
        String h = retryAfterHeader.strip();
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(h)));
        } catch (NumberFormatException notSeconds) {
            try {
                var at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                var d = Duration.between(clock.instant(), at);
                return d.isNegative() || d.isZero() ? Duration.ofSeconds(1) : d;
            } catch (DateTimeParseException notADate) {
                return throttleWait;
            }
        }
    }

    // ---- the record's details for each fault ---------------------------------------------------------------

    private static SyncError duplicateName(Outbound record) {
        return switch (record) {
            case Outbound.OutboundCustomer c -> SyncError.of(ErrorCode.DUPLICATE_NAME, "name",
                    c.customer().displayName(), "entity", "customer");
            case Outbound.OutboundProduct p -> SyncError.of(ErrorCode.DUPLICATE_NAME, "name", p.product().name(),
                    "entity", "product");
            case null, default -> SyncError.of(ErrorCode.VENDOR_ERROR);
        };
    }

    private static SyncError alreadySynced(Outbound record, QuickBooksFault fault) {
        String number = record instanceof Outbound.OutboundInvoice i ? i.invoice().number()
                : find(DOC_NUMBER, fault.detail()).orElse("?");
        return SyncError.of(ErrorCode.ALREADY_SYNCED, "number", number);
    }

    private static SyncError closedPeriod(Outbound record, Company company) {
        String date = switch (record) {
            case Outbound.OutboundInvoice i -> String.valueOf(i.invoice().issueDate());
            case Outbound.OutboundPayment p -> String.valueOf(p.payment().date());
            case null, default -> "?";
        };
        String closedThrough = company.closingDate().map(LocalDate::toString)
                .orElse("the closing date set in QuickBooks Online");
        return SyncError.of(ErrorCode.CLOSED_PERIOD, "date", date, "closedThrough", closedThrough);
    }

    private static SyncError objectNotFound(Outbound record, QuickBooksFault fault, Company company) {
        String element = fault.element();
        if (element.contains("TaxCode")) {
            return SyncError.of(ErrorCode.TAX_MISMATCH);
        }
        if (record instanceof Outbound.OutboundInvoice i) {
            if (element.contains("ItemRef")) {
                return inactiveItem(i, company);
            }
            if (element.contains("CustomerRef")) {
                return SyncError.of(ErrorCode.CUSTOMER_NOT_SYNCED, "customer", i.invoice().customerId(), "cause",
                        "QuickBooks Online has no active customer with Id " + i.customerRef()
                                + " (made inactive or merged there).");
            }
        }
        if (record instanceof Outbound.OutboundPayment p) {
            if (element.contains("LinkedTxn")) {
                return SyncError.of(ErrorCode.INVOICE_NOT_SYNCED, "invoice", p.payment().invoiceId(), "cause",
                        "QuickBooks Online has no invoice with Id " + p.invoiceRef() + " (deleted there?).");
            }
            if (element.contains("CustomerRef")) {
                return SyncError.of(ErrorCode.INVOICE_NOT_SYNCED, "invoice", p.payment().invoiceId(), "cause",
                        "its customer (Id " + p.customerRef() + ") is inactive or missing in QuickBooks Online.");
            }
        }
        return SyncError.of(ErrorCode.VENDOR_ERROR);
    }

    /** 610 on ItemRef: one line's item is inactive or gone. Name the first such line, as SKU not found does. */
    private static SyncError inactiveItem(Outbound.OutboundInvoice i, Company company) {
        var lines = i.invoice().lines();
        var ids = new LinkedHashSet<String>();
        for (var line : lines) {
            String id = i.itemRefs().get(line.sku());
            if (id != null) {
                ids.add(id);
            }
        }
        var active = company.activeItems(ids);
        for (int n = 0; n < lines.size(); n++) {
            String sku = lines.get(n).sku();
            String id = i.itemRefs().get(sku);
            boolean gone = id == null || active.map(a -> !a.contains(id)).orElse(lines.size() == 1);
            if (gone) {
                return SyncError.of(ErrorCode.SKU_NOT_FOUND, "sku", sku, "line", String.valueOf(n + 1), "number",
                        i.invoice().number());
            }
        }
        return SyncError.of(ErrorCode.VENDOR_ERROR);
    }

    /** 6000: a business rule; which one is only in the words (paid invoice, overpayment, invalid name, tax). */
    private static SyncError businessRule(Outbound record, QuickBooksFault fault, Company company) {
        String words = (fault.errors().isEmpty() ? "" : fault.errors().getFirst().message() + " ") + fault.detail();
        String lower = words.toLowerCase(Locale.ROOT);
        if (lower.contains("invalid character")) {
            return SyncError.of(ErrorCode.INVALID_CHARACTERS, "name", name(record));
        }
        switch (record) {
            case Outbound.OutboundInvoice i when lower.contains("paid") || lower.contains("payments applied")
                    || lower.contains("payment applied") -> {
                return SyncError.of(ErrorCode.INVOICE_PAID, "number", i.invoice().number());
            }
            case Outbound.OutboundInvoice i when lower.contains("tax") -> {
                return SyncError.of(ErrorCode.TAX_MISMATCH);
            }
            case Outbound.OutboundPayment p when lower.contains("open balance") || lower.contains("exceed")
                    || lower.contains("overpay") || lower.contains("more than") -> {
                var state = company.invoice(p.invoiceRef());
                String outstanding = find(OPEN_BALANCE, words).map(s -> s.replace(",", ""))
                        .or(() -> state.map(s -> s.balance().toPlainString())).map(QuickBooksErrors::money)
                        .orElse("amount");
                String number = find(DOC_NUMBER, words).or(() -> state.map(InvoiceState::docNumber))
                        .orElse(p.payment().invoiceId());
                return SyncError.of(ErrorCode.PAYMENT_EXCEEDS_OUTSTANDING, "amount",
                        money(p.payment().amount().toPlainString()), "outstanding", outstanding, "number", number);
            }
            case null, default -> {
                return SyncError.of(ErrorCode.VENDOR_ERROR);
            }
        }
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
            case Outbound.OutboundCustomer c -> "customer";
            case Outbound.OutboundProduct p -> "product";
            case Outbound.OutboundInvoice i -> "invoice";
            case Outbound.OutboundPayment p -> "payment";
        };
    }

    private static String money(String amount) {
        try {
            var d = new BigDecimal(amount);
            return (d.scale() < 2 ? d.setScale(2, RoundingMode.UNNECESSARY) : d).toPlainString();
        } catch (NumberFormatException e) {
            return amount;
        }
    }

    private static Optional<String> find(Pattern pattern, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = pattern.matcher(text);
        return m.find() ? Optional.of(stripTrailingDot(m.group(1))) : Optional.empty();
    }

    private static String stripTrailingDot(String s) {
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }

    private static String abbreviate(String body) {
        String oneLine = body.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 300 ? oneLine : oneLine.substring(0, 300) + "…";
    }
}
