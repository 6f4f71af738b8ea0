package io.ledgerbridge.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.ledgerbridge.domain.record.FieldProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads a request's JSON body into a type, or refuses it with an {@link ApiError} that says what is wrong and
 * where. The body is read only up to the limit: a larger one is refused from its Content-Length before a byte
 * is read, and a chunked one as soon as the limit is passed, so a 10 MB body never sits in memory.
 */
public final class JsonBody {

    private final int maxBytes;

    public JsonBody(int maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be positive");
        }
        this.maxBytes = maxBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** Reads the body of {@code ctx}; see {@link #read(String, long, InputStream, Class, String)}. */
    public <T> T read(io.javalin.http.Context ctx, Class<T> type, String what) {
        try {
            return read(ctx.header("Content-Type"), ctx.req().getContentLengthLong(), ctx.req().getInputStream(), type, what);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    /**
     * @param contentType the request's Content-Type header, or null
     * @param contentLength the declared length, or -1 when not declared (chunked)
     * @param what what the body is, for messages ("invoice", "filter")
     */
    public <T> T read(String contentType, long contentLength, InputStream body, Class<T> type, String what) {
        requireJson(contentType);
        byte[] bytes = bounded(contentLength, body);
        if (blank(bytes)) {
            throw new ApiError(400, "empty_body", "The request body is empty; send the " + what + " as a JSON object.");
        }
        T value = parse(bytes, type, what);
        if (value == null) {
            throw new ApiError(400, "malformed_json", "The request body must be a JSON object (the " + what + "), not null.");
        }
        return value;
    }

    private static boolean blank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private static void requireJson(String contentType) {
        String media = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new ApiError(415, "unsupported_media_type", contentType == null || contentType.isBlank()
                    ? "The request has no Content-Type; send the body as application/json."
                    : "The body was sent as " + clip(contentType) + "; send it as application/json.");
        }
        String lower = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        if (lower.contains("charset=") && !lower.contains("charset=utf-8") && !lower.contains("charset=\"utf-8\"")) {
            throw new ApiError(415, "unsupported_media_type", "The body must be encoded as UTF-8 (got " + clip(contentType) + ").");
        }
    }

    private byte[] bounded(long contentLength, InputStream body) {
        if (contentLength > maxBytes) {
            throw tooLarge();
        }
        try {
            byte[] bytes = body.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw tooLarge();
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    private ApiError tooLarge() {
        return new ApiError(413, "body_too_large", "The request body is larger than the limit of " + describe(maxBytes)
                + " (" + maxBytes + " bytes); send fewer lines or split the records into several requests.");
    }

    private static String describe(int bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        if (bytes % 1024 == 0) {
            return bytes / 1024 + " KB";
        }
        return bytes + " bytes";
    }

    private static <T> T parse(byte[] bytes, Class<T> type, String what) {
        try {
            return ApiJson.MAPPER.readValue(bytes, type);
        } catch (IOException e) {
            throw translate(e, what);
        }
    }

    /** One element of a body already read (a record of a batch), refused as {@link #read} would refuse it alone. */
    public static <T> T convert(com.fasterxml.jackson.databind.JsonNode node, Class<T> type, String what) {
        try {
            return ApiJson.MAPPER.treeToValue(node, type);
        } catch (IOException e) {
            throw translate(e, what);
        }
    }

    /** Reads the body of {@code ctx} as a JSON tree (a batch, whose elements are read one by one). */
    public com.fasterxml.jackson.databind.JsonNode readTree(io.javalin.http.Context ctx, String what) {
        return read(ctx, com.fasterxml.jackson.databind.JsonNode.class, what);
    }

    private static ApiError translate(IOException failure, String what) {
        try {
            throw failure;
        } catch (StreamReadException e) {
            return malformed(e);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().collect(Collectors.joining(", "));
            String problem = "is not a field of " + (e.getPath().size() > 1 ? "this object" : "a " + what)
                    + (known.isEmpty() ? "" : " (fields: " + known + ")");
            return new ApiError(400, "unknown_field", "Field '" + field + "' " + problem + ".",
                    List.of(new FieldProblem(field, problem)));
        } catch (MismatchedInputException e) {
            if (e.getPath().isEmpty()) {
                return new ApiError(400, "malformed_json", "The request body must be one JSON object (the " + what
                        + "): " + plain(e.getOriginalMessage()) + location(e) + ".");
            }
            String field = path(e);
            String problem = problem(e);
            return new ApiError(400, "invalid_field", "Field '" + field + "' " + problem + ".",
                    List.of(new FieldProblem(field, problem)));
        } catch (DatabindException e) {
            if (e.getCause() instanceof StreamReadException cause) {
                return malformed(cause);
            }
            String field = e instanceof JsonMappingException m && !m.getPath().isEmpty() ? path(m) : what;
            String problem = "could not be read: " + plain(e.getOriginalMessage());
            return new ApiError(400, "invalid_field", "Field '" + field + "' " + problem + ".",
                    List.of(new FieldProblem(field, problem)));
        } catch (JsonProcessingException e) {
            return new ApiError(400, "malformed_json", "The request body could not be read: " + plain(e.getOriginalMessage()) + ".");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiError malformed(StreamReadException e) {
        return new ApiError(400, "malformed_json", "The request body is not valid JSON: " + plain(e.getOriginalMessage())
                + location(e) + ".");
    }

    /** Jackson's message without its "[Source: ...]" asides, which name no place a developer can see. */
    static String plain(String message) {
        String m = message == null ? "" : message;
        int source = m.indexOf("[Source");
        if (source >= 0) {
            int aside = m.lastIndexOf(" (", source);
            m = m.substring(0, aside >= 0 ? aside : source).trim();
        }
        return m;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** The field's path as the domain's problems name it: {@code lines[1].quantity}. */
    static String path(JsonMappingException e) {
        var out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            }
        }
        return out.toString();
    }

    private static String problem(MismatchedInputException e) {
        if (e instanceof InvalidNullException) {
            return "must not be null";
        }
        Class<?> target = e.getTargetType();
        String expected;
        if (target == null) {
            expected = "has the wrong type";
        } else if (BigDecimal.class.isAssignableFrom(target) || Number.class.isAssignableFrom(target)) {
            expected = "must be a number (a JSON number, or a string such as \"12.50\")";
        } else if (target == LocalDate.class) {
            expected = "must be a date written YYYY-MM-DD";
        } else if (target.isEnum()) {
            expected = "must be one of " + Arrays.stream(target.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", "));
        } else if (target == String.class) {
            expected = "must be a string";
        } else if (Collection.class.isAssignableFrom(target) || target.isArray()) {
            expected = "must be an array";
        } else {
            expected = "must be an object";
        }
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            return expected + " (got " + clip(String.valueOf(f.getValue())) + ")";
        }
        return expected;
    }

    private static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
