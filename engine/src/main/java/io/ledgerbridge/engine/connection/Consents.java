package io.ledgerbridge.engine.connection;

import io.ledgerbridge.domain.workspace.ConnectionId;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Connecting (or reconnecting) QuickBooks, Xero or HubSpot without the dashboard: a program asks for a consent request,
 * gets the vendor's consent URL, and a person opens it in any browser, signs in to the vendor and chooses the account.
 * The vendor sends the browser back to the dashboard's {@code /oauth/callback}, which finishes the request there (no
 * dashboard sign-in needed: the request's one-time state is the proof), and the program reads the outcome with
 * {@link #find}. This is the port; the dashboard, which owns the callback, implements it.
 */
public interface Consents {

    /** Where a consent request stands. */
    enum Status {
        /** The consent URL has not been answered yet. */
        WAITING,
        /** The vendor answered and the connection was created or reconnected. */
        CONNECTED,
        /** The vendor refused, or the answer could not be used: {@link Request#reason()} says why. */
        FAILED,
        /** Nobody answered within the request's lifetime. */
        EXPIRED
    }

    /**
     * A consent request. {@code consentUrl} is only known when it is started (the state it carries is stored as a hash),
     * so {@link #find} answers without it. {@code connection} is the connection reconnected, or the one created once
     * connected.
     */
    record Request(UUID id, String system, String name, boolean reconnect, Status status, Optional<URI> consentUrl,
            Instant expiresAt, Optional<ConnectionId> connection, Optional<String> reason) {}

    /** What became of asking for a consent request. */
    sealed interface Asked {
        record Started(Request request) implements Asked {}

        /** Nothing was started; {@code code} is the API's error code, {@code message} a sentence saying what to do. */
        record Refused(int status, String code, String message) implements Asked {}
    }

    /** Starts connecting a new {@code system} connection named {@code name}; {@code actor} is who asked, for the audit log. */
    Asked connect(WorkspaceId workspace, String system, String name, String actor);

    /** Starts reconnecting {@code connection} through its vendor's consent page. */
    Asked reconnect(WorkspaceId workspace, ConnectionId connection, String actor);

    /** A request of the workspace. */
    Optional<Request> find(WorkspaceId workspace, UUID request);

    /** An installation where no system connects through a consent page. */
    Consents NONE = new Consents() {
        @Override
        public Asked connect(WorkspaceId workspace, String system, String name, String actor) {
            return new Asked.Refused(422, "needs_consent", ConnectionRules.directRefusal(system).orElse(system
                    + " does not connect through a consent page here."));
        }

        @Override
        public Asked reconnect(WorkspaceId workspace, ConnectionId connection, String actor) {
            return new Asked.Refused(422, "needs_consent", "This installation reconnects no system through a consent page.");
        }

        @Override
        public Optional<Request> find(WorkspaceId workspace, UUID request) {
            return Optional.empty();
        }
    };
}
