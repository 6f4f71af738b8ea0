package io.ledgerbridge.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * A closed-loop HTTP/1.1 load generator in the manner of wrk: {@code connections} keep-alive sockets, each sending its
 * next request as soon as the answer to the last one is read, for a fixed time. It is deliberately thin (no HTTP client
 * library: bytes out, status line, headers and body in) so that on a 2-core machine it takes as little as possible of
 * the CPU the server under test needs. Each request's latency is recorded; the answer's status is counted.
 */
final class HttpLoad {

    /** One request: method, path, the {@code Authorization} header's value (or null) and a JSON body (or null). */
    record Request(String method, String path, String authorization, String body) {
        byte[] bytes(String host) {
            var head = new StringBuilder(256).append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(host).append("\r\n");
            if (authorization != null) {
                head.append("Authorization: ").append(authorization).append("\r\n");
            }
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(payload.length).append("\r\n");
            }
            head.append("\r\n");
            byte[] h = head.toString().getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(h, h.length + payload.length);
            System.arraycopy(payload, 0, all, h.length, payload.length);
            return all;
        }
    }

    /** What a run measured. */
    record Result(int connections, long requests, long ok, long failed, Duration elapsed, long[] latenciesNanos,
            String firstFailure) {
        double perSecond() {
            return ok / (elapsed.toNanos() / 1e9);
        }

        double percentileMillis(double p) {
            if (latenciesNanos.length == 0) {
                return Double.NaN;
            }
            int i = (int) Math.min(latenciesNanos.length - 1, Math.ceil(p / 100.0 * latenciesNanos.length) - 1);
            return latenciesNanos[Math.max(0, i)] / 1e6;
        }

        @Override
        public String toString() {
            return String.format("connections=%d ok=%d failed=%d rate=%.0f/s p50=%.1fms p99=%.1fms%s", connections, ok, failed,
                    perSecond(), percentileMillis(50), percentileMillis(99),
                    firstFailure == null ? "" : " firstFailure=" + firstFailure);
        }
    }

    private HttpLoad() {}

    /**
     * Runs {@code connections} connections against {@code port} for {@code length}; {@code next} makes the n-th request
     * (n counts across all connections, so that each can carry a new id).
     */
    static Result run(int port, int connections, Duration length, LongFunction<Request> next) throws InterruptedException {
        var counter = new AtomicLong();
        var okCount = new AtomicLong();
        var failedCount = new AtomicLong();
        var firstFailure = new java.util.concurrent.atomic.AtomicReference<String>();
        var latencies = new ArrayList<long[]>();
        var threads = new ArrayList<Thread>();
        long start = System.nanoTime();
        long deadline = start + length.toNanos();
        for (int c = 0; c < connections; c++) {
            var mine = new long[1 << 20];
            var used = new int[1];
            latencies.add(mine);
            var thread = Thread.ofPlatform().name("load-" + c).start(() -> {
                try (var socket = new Socket("127.0.0.1", port)) {
                    socket.setTcpNoDelay(true);
                    OutputStream out = socket.getOutputStream();
                    InputStream in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
                    String host = "127.0.0.1:" + port;
                    while (System.nanoTime() < deadline) {
                        var request = next.apply(counter.getAndIncrement());
                        long t0 = System.nanoTime();
                        out.write(request.bytes(host));
                        out.flush();
                        int status = readResponse(in);
                        long took = System.nanoTime() - t0;
                        if (used[0] < mine.length - 1) {
                            mine[used[0]++] = took;
                        }
                        if (status >= 200 && status < 300) {
                            okCount.incrementAndGet();
                        } else {
                            failedCount.incrementAndGet();
                            firstFailure.compareAndSet(null, request.method() + " " + request.path() + " -> " + status);
                        }
                    }
                } catch (IOException e) {
                    firstFailure.compareAndSet(null, e.toString());
                    failedCount.incrementAndGet();
                }
                mine[mine.length - 1] = used[0]; // how many were recorded, read back below
            });
            threads.add(thread);
        }
        for (var t : threads) {
            t.join();
        }
        var elapsed = Duration.ofNanos(System.nanoTime() - start);
        int total = 0;
        for (var l : latencies) {
            total += (int) l[l.length - 1];
        }
        long[] all = new long[total];
        int at = 0;
        for (var l : latencies) {
            int n = (int) l[l.length - 1];
            System.arraycopy(l, 0, all, at, n);
            at += n;
        }
        Arrays.sort(all);
        return new Result(connections, counter.get(), okCount.get(), failedCount.get(), elapsed, all, firstFailure.get());
    }

    /** Sends one request on a new connection and returns the answer's status. */
    static int once(int port, Request request) throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(request.bytes("127.0.0.1:" + port));
            socket.getOutputStream().flush();
            return readResponse(new BufferedInputStream(socket.getInputStream()));
        }
    }

    /** Reads one response (status line, headers, a Content-Length or chunked body); returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the server closed the connection");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        String header;
        while ((header = line(in)) != null && !header.isEmpty()) {
            int colon = header.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = header.substring(0, colon).trim();
            String value = header.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            while (true) {
                String size = line(in);
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                skip(in, n);
                line(in);
            }
        } else if (length > 0) {
            skip(in, length);
        }
        return status;
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("the body ended early");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        var sb = new StringBuilder(64);
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    static List<Integer> parseCounts(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }
}
