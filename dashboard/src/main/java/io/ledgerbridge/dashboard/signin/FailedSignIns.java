package io.ledgerbridge.dashboard.signin;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@link #LIMIT} wrong passwords for one email within {@link #WINDOW}, that
 * email cannot sign in until the oldest of them is older than the window. Kept per node, in memory: a guesser
 * spread over several nodes gets a few more tries, which bcrypt's cost still makes slow.
 */
final class FailedSignIns {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int MAX_TRACKED = 100_000;

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    boolean blocked(String email, Instant now) {
        var list = failures.get(key(email));
        if (list == null) {
            return false;
        }
        synchronized (list) {
            list.removeIf(t -> t.isBefore(now.minus(WINDOW)));
            return list.size() >= LIMIT;
        }
    }

    void failed(String email, Instant now) {
        if (failures.size() > MAX_TRACKED) {
            failures.clear();
        }
        var list = failures.computeIfAbsent(key(email), k -> new ArrayDeque<>());
        synchronized (list) {
            list.addLast(now);
            while (list.size() > LIMIT) {
                list.removeFirst();
            }
        }
    }

    void succeeded(String email) {
        failures.remove(key(email));
    }

    private static String key(String email) {
        return email == null ? "" : email.trim().toLowerCase(Locale.ROOT);
    }
}
