package io.ledgerbridge.web;

/**
 * Where the API listens and how much it reads.
 *
 * @param host         the interface to bind, e.g. {@code 0.0.0.0}
 * @param port         the port; 0 picks a free one (see {@link ApiServer#port()})
 * @param maxBodyBytes the largest request body read; a larger one is answered 413 without being read
 */
public record ApiConfig(String host, int port, int maxBodyBytes) {

    public static final int ONE_MB = 1024 * 1024;

    public ApiConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is required");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024, was " + maxBodyBytes);
        }
    }

    /** Port 8080 on every interface, bodies up to 1 MB. */
    public static ApiConfig defaults() {
        return new ApiConfig("0.0.0.0", 8080, ONE_MB);
    }

    public ApiConfig withPort(int p) {
        return new ApiConfig(host, p, maxBodyBytes);
    }
}
