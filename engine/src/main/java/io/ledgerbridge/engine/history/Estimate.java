package io.ledgerbridge.engine.history;

import java.time.Duration;
import java.time.Instant;

/**
 * What an import will cost before it starts: records found, the destination calls they need (batch sizes included),
 * and when it will finish under the destination's limits and the import's share of its day.
 *
 * @param invoices       invoices the source says the range holds; -1 when it cannot count them
 * @param calls          destination calls needed: the invoices in batches of {@code batchSize}, and as many again at
 *                       most for their customers and products
 * @param perMinute      the destination's calls a minute (0: no limit)
 * @param perDay         the destination's calls a day (0: no limit)
 * @param callsPerDay    calls a day the import may use: {@code budgetShare} percent of {@code perDay}
 * @param days           calendar days it spreads over because of the daily share (1 when it fits in one)
 * @param duration       how long it takes at the per-minute limit, days of waiting for the budget included
 */
public record Estimate(long invoices, int batchSize, long calls, int perMinute, int perDay, int budgetShare,
        long callsPerDay, int days, Duration duration, Instant expectedEnd) {

    /** One sentence for people: "3,000 invoices: about 120 calls to Xero (batches of 50), within 80 % of … ". */
    public String summary(String destination) {
        var f = java.text.NumberFormat.getIntegerInstance(java.util.Locale.ENGLISH);
        String found = invoices < 0 ? "The source cannot count its invoices beforehand"
                : f.format(invoices) + (invoices == 1 ? " invoice" : " invoices");
        String cost = invoices < 0 ? "" : ": about " + f.format(calls) + " calls to " + destination + " (batches of "
                + batchSize + ")";
        String days = perDay == 0 || invoices < 0 ? ""
                : this.days <= 1 ? ", within " + budgetShare + " % of today's " + f.format(perDay) + " calls"
                : ", spread over " + this.days + " days: at most " + budgetShare + " % of each day's " + f.format(perDay)
                        + " calls (" + f.format(callsPerDay) + "), the rest left for live syncs";
        String end = invoices < 0 ? "" : "; expected to finish by " + expectedEnd.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        return found + cost + days + end + ".";
    }
}
