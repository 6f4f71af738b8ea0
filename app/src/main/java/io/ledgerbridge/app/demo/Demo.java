package io.ledgerbridge.app.demo;

import io.ledgerbridge.app.Service;
import io.ledgerbridge.app.config.AppConfig;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code start --demo}: every sandbox in this process (the reference ledger, QuickBooks Online, HubSpot, Xero), a node with
 * its REST API and dashboard, and a seeded workspace whose syncs show every error of the catalogue (see
 * {@link DemoWorkspace} and docs/demo.md). Every record goes through the real intake, connectors and pipeline; the
 * errors come from the sandboxes' own rules and fault switches, and one ("Could not get or create mapping") from the
 * demo's switch on our own side ({@link StoreFaults}).
 */
public final class Demo {

    private static final Logger log = LoggerFactory.getLogger(Demo.class);

    public static final String USER_EMAIL = "demo@ledgerbridge.example";
    public static final String USER_PASSWORD = "demo-password";

    private Demo() {}

    /**
     * Starts the sandboxes and the node, seeds the workspace and starts the story (the steps that need earlier syncs or
     * a fault switch). Returns once the workspace is seeded; {@link Running#settled()} completes when the story is over.
     */
    public static Running start(AppConfig config, DemoSandboxes.Ports ports) {
        var sandboxes = DemoSandboxes.start(ports);
        Service service = null;
        try {
            var storeFaults = new StoreFaults();
            service = Service.start(config, sandboxes.connectors(Clock.systemUTC()),
                    sandboxes.systems().newConnectionDefaults(), storeFaults::wrap);
            // The dashboard's OAuth callback, as a browser names the host either way.
            sandboxes.allowRedirects(service.dashboardUrl() + "/oauth/callback",
                    "http://localhost:" + service.dashboard.port() + "/oauth/callback");
            var workspace = DemoWorkspace.seed(service, sandboxes);
            service.dashboard.users().create(workspace.workspace, USER_EMAIL, USER_PASSWORD, service.lb.clock.instant());
            return new Running(service, sandboxes, workspace, storeFaults);
        } catch (RuntimeException e) {
            if (service != null) {
                service.close();
            }
            sandboxes.close();
            throw e;
        }
    }

    /** A running demo: the node, the sandboxes, the workspace, and the story playing in the background. */
    public static final class Running implements AutoCloseable {
        public final Service service;
        public final DemoSandboxes sandboxes;
        public final DemoWorkspace workspace;
        private final CompletableFuture<List<String>> settled = new CompletableFuture<>();
        /** {@link #settled} after its announcement ({@link #announce}), so a caller never sees one without the other. */
        private volatile CompletableFuture<List<String>> announced = settled;
        private final Thread story;

        private Running(Service service, DemoSandboxes sandboxes, DemoWorkspace workspace, StoreFaults storeFaults) {
            this.service = service;
            this.sandboxes = sandboxes;
            this.workspace = workspace;
            var play = new DemoStory(service.lb, sandboxes, workspace, storeFaults);
            this.story = Thread.ofPlatform().daemon().name("lb-demo-story").start(() -> {
                try {
                    settled.complete(play.play().problems());
                } catch (InterruptedException e) {
                    settled.cancel(false);
                } catch (RuntimeException | Error e) {
                    log.error("the demo story stopped", e);
                    settled.completeExceptionally(e);
                }
            });
        }

        public DemoSystems systems() {
            return sandboxes.systems();
        }

        /**
         * Completes when the story is over, with the steps that did not show their error in time (empty when every
         * error is on show).
         */
        public CompletableFuture<List<String>> settled() {
            return announced;
        }

        /** Tells {@code report} how the story ended; {@link #settled()} then completes only after the report. */
        public void announce(java.util.function.BiConsumer<List<String>, Throwable> report) {
            announced = settled.whenComplete(report);
        }

        @Override
        public void close() {
            story.interrupt();
            service.close();
            sandboxes.close();
        }
    }
}
