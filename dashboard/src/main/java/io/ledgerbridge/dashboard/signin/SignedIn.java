package io.ledgerbridge.dashboard.signin;

import io.ledgerbridge.domain.workspace.WorkspaceId;
import java.util.UUID;

/**
 * The person behind a request, as their session says. Every page reads its workspace from here and nowhere else,
 * so one workspace's pages never show another's records.
 *
 * @param sessionKey the stored key of the session (the SHA-256 of the cookie), never the cookie itself
 * @param csrf       the token every form of this session carries
 */
public record SignedIn(UUID userId, String email, WorkspaceId workspace, String workspaceName, String sessionKey,
        String csrf) {}
