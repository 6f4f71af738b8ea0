package io.ledgerbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerbridge.web.openapi.OpenApiDocument;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hand-written OpenAPI document and the routes the server declares say the same thing. */
class OpenApiIT {

    static ApiFixture api;
    static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        api = new ApiFixture();
        doc = ApiFixture.JSON.readTree(OpenApiDocument.load());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static Set<String> documented() {
        var out = new HashSet<String>();
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (!op.getKey().equals("parameters")) {
                out.add(op.getKey().toUpperCase(Locale.ROOT) + " " + p.getKey());
            }
        }));
        return out;
    }

    private static Set<String> declared() {
        var out = new HashSet<String>();
        for (var route : api.server.routes()) {
            if (!route.path().startsWith(ApiServer.BASE + "/")) {
                continue; // /health and /metrics are for operators, not part of the API document
            }
            out.add(route.method().name() + " " + route.path().substring(ApiServer.BASE.length()));
        }
        return out;
    }

    @Test
    void every_route_the_server_declares_is_in_the_document_and_no_other() {
        assertThat(doc.get("servers").get(0).get("url").asText()).isEqualTo(ApiServer.BASE);
        assertThat(documented()).containsExactlyInAnyOrderElementsOf(declared());
    }

    @Test
    void every_reference_in_the_document_resolves() {
        var refs = new ArrayList<String>();
        collect(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void every_operation_answers_401_unless_it_is_public() {
        doc.get("paths").properties().forEach(p -> p.getValue().properties().forEach(op -> {
            if (op.getKey().equals("parameters")) {
                return;
            }
            boolean open = op.getValue().has("security") && op.getValue().get("security").isEmpty();
            assertThat(op.getValue().get("responses").has("401")).as(op.getKey() + " " + p.getKey()).isEqualTo(!open);
        }));
    }

    @Test
    void the_document_is_served_without_a_key() {
        var r = api.send("GET", "/api/v1/openapi.json", null, null, null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().get("openapi").asText()).startsWith("3.1");
        assertThat(r.json()).isEqualTo(doc);
    }

    private static void collect(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collect(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collect(n, refs));
        }
    }
}
