package io.ledgerbridge.dashboard;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Where the dashboard listens and how it keeps people signed in.
 *
 * @param host            the interface to bind, e.g. {@code 0.0.0.0}
 * @param port            the port; 0 picks a free one (see {@link DashboardServer#port()})
 * @param secureCookies   true when the dashboard is reached over HTTPS (a proxy in front): cookies get {@code Secure}
 * @param sessionLifetime how long a sign-in lasts
 * @param bcryptCost      bcrypt's work factor for new password hashes (4..31; 12 in production, lower only in tests)
 * @param zone            the time zone dates are shown in and days are counted in (the chart)
 */
public record DashboardConfig(String host, int port, boolean secureCookies, Duration sessionLifetime, int bcryptCost,
        ZoneId zone) {

    public DashboardConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
        }
        if (sessionLifetime == null || sessionLifetime.compareTo(Duration.ofMinutes(5)) < 0) {
            throw new IllegalArgumentException("sessionLifetime must be at least 5 minutes, was " + sessionLifetime);
        }
        if (bcryptCost < 4 || bcryptCost > 31) {
            throw new IllegalArgumentException("bcryptCost must be from 4 to 31, was " + bcryptCost);
        }
        if (zone == null) {
            throw new IllegalArgumentException("zone is required");
        }
    }

    /** Port 8081 on every interface, plain HTTP, sign-ins lasting 12 hours, bcrypt cost 12, UTC. */
    public static DashboardConfig defaults() {
        return new DashboardConfig("0.0.0.0", 8081, false, Duration.ofHours(12), 12, ZoneId.of("UTC"));
    }

    public DashboardConfig withPort(int p) {
        return new DashboardConfig(host, p, secureCookies, sessionLifetime, bcryptCost, zone);
    }

    public DashboardConfig withBcryptCost(int cost) {
        return new DashboardConfig(host, port, secureCookies, sessionLifetime, cost, zone);
    }

    public DashboardConfig withSecureCookies(boolean secure) {
        return new DashboardConfig(host, port, secure, sessionLifetime, bcryptCost, zone);
    }
}
