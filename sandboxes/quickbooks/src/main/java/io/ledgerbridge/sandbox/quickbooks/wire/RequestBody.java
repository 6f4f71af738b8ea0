package io.ledgerbridge.sandbox.quickbooks.wire;

import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * The request body as text. Clients may compress it: API_FACTS A.1 lists {@code Accept-Encoding: gzip}, and the
 * Intuit Java SDK gzips every request body by default ({@code Content-Encoding: gzip}, its CompressionInterceptor).
 */
public final class RequestBody {
    private RequestBody() {}

    public static String text(Context ctx) {
        String encoding = ctx.header("Content-Encoding");
        byte[] raw = ctx.bodyAsBytes();
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("identity")) {
            return new String(raw, StandardCharsets.UTF_8);
        }
        try (InputStream in = switch (encoding.strip().toLowerCase(Locale.ROOT)) {
            case "gzip", "x-gzip" -> new GZIPInputStream(new ByteArrayInputStream(raw));
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(raw));
            default -> throw new IllegalArgumentException("Unsupported Content-Encoding " + encoding);
        }) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decompress the request body (" + encoding + ")", e);
        }
    }
}
