package io.ledgerbridge.app;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Nodes as their own processes, started with the command an operator runs on each node ({@code ./lb start --jdbc-url
 * URL --port N}, here from the test's classpath), with their logs in {@code target/<node>.log}.
 */
final class NodeProcesses {

    private NodeProcesses() {}

    static Process start(String url, String keyset, int port, String nodeId) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        var pb = new ProcessBuilder(List.of(java, "--sun-misc-unsafe-memory-access=allow",
                "-cp", System.getProperty("java.class.path"),
                "io.ledgerbridge.app.cli.Main", "start", "--jdbc-url", url, "--port", String.valueOf(port)));
        pb.environment().putAll(Map.of("LEDGERBRIDGE_TOKEN_KEYSET", keyset, "LEDGERBRIDGE_NODE_ID", nodeId,
                "LEDGERBRIDGE_WORKERS", "2", "LEDGERBRIDGE_BATCH_SIZE", "20", "LEDGERBRIDGE_LEASE_SECONDS", "3",
                "LEDGERBRIDGE_DB_POOL", "8", "LEDGERBRIDGE_DASHBOARD_PORT", "0"));
        pb.redirectErrorStream(true);
        pb.redirectOutput(new File(Path.of("target", nodeId + ".log").toString()));
        return pb.start();
    }

    static void awaitHealthy(HttpClient http, int port) {
        Harness.awaitTrue(() -> {
            try {
                return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        }, Duration.ofSeconds(60), () -> "the node on port " + port + " to answer /health");
    }

    static int put(HttpClient http, int port, String apiKey, String path, String body) throws Exception {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/" + path))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new AssertionError(path + " -> " + response.statusCode() + " " + response.body());
        }
        return response.statusCode();
    }

    static int freePort() throws Exception {
        try (var s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
