package io.ledgerbridge.web.openapi;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The API's OpenAPI 3.1 description, written by hand beside this class ({@code openapi.json}) so that it reads
 * as documentation; a test checks that every route the server declares is in it.
 */
public final class OpenApiDocument {

    public static final String RESOURCE = "openapi.json";

    private final byte[] document;

    public OpenApiDocument() {
        this.document = load();
    }

    public static byte[] load() {
        try (var in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath beside " + OpenApiDocument.class);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void serve(Context ctx) {
        ctx.contentType("application/json").result(document);
    }
}
