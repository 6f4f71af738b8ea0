package io.ledgerbridge.store.connection;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.ledgerbridge.domain.workspace.ConnectionId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/**
 * Encrypts connection tokens at rest with Tink's AES-256-GCM AEAD. The connection id is the associated data,
 * so a ciphertext copied to another connection does not decrypt. The keyset comes from configuration
 * ({@code LEDGERBRIDGE_TOKEN_KEYSET}); every node of a cluster must have the same one.
 */
public final class TokenCipher {

    static {
        try {
            AeadConfig.register();
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Aead aead;

    private TokenCipher(KeysetHandle keyset) {
        try {
            this.aead = keyset.getPrimitive(RegistryConfiguration.get(), Aead.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the token keyset is not an AEAD keyset", e);
        }
    }

    /** Reads a keyset in Tink's JSON format. */
    public static TokenCipher fromJsonKeyset(String json) {
        try {
            return new TokenCipher(TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("LEDGERBRIDGE_TOKEN_KEYSET is not a valid Tink JSON keyset", e);
        }
    }

    /** A new random AES-256-GCM keyset in Tink's JSON format. */
    public static String newJsonKeyset() {
        try {
            return TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM),
                    InsecureSecretKeyAccess.get());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] encrypt(ConnectionId connection, String plaintext) {
        try {
            return aead.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associated(connection));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("token encryption failed for connection " + connection, e);
        }
    }

    public String decrypt(ConnectionId connection, byte[] ciphertext) {
        try {
            return new String(aead.decrypt(ciphertext, associated(connection)), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("tokens of connection " + connection
                    + " cannot be decrypted: is LEDGERBRIDGE_TOKEN_KEYSET the key they were stored with?", e);
        }
    }

    private static byte[] associated(ConnectionId connection) {
        return ("ledgerbridge-connection:" + connection).getBytes(StandardCharsets.UTF_8);
    }
}
