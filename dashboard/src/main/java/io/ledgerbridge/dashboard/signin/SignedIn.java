package io.ledgerbridge.dashboard.signin;

import io.ledgerbridge.dashboard.people.Role;
import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.util.UUID;

/**
 * The person behind a request, as their session says. Every page reads its workspace from here and nowhere else,
 * so one workspace's pages never show another's records.
 *
 * @param sessionKey the stored key of the session (the SHA-256 of the cookie), never the cookie itself
 * @param csrf       the token every form of this session carries
 * @param role       what the person may do, read with the session on every request (a changed role counts at once)
 */
public record SignedIn(UUID userId, String email, WorkspaceId workspace, String workspaceName, String sessionKey,
        String csrf, Role role) {

    public boolean can(Role.Permission p) {
        return role.can(p);
    }
}
