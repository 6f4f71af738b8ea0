package io.ledgerbridge.app.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ./lb sandbox NAME}: the printed line is what a shell evals, and its credentials work against the sandbox's
 * real API paths, as someone's own client would use them.
 */
class StandaloneSandboxIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void the_quickbooks_line_evals_in_a_shell_and_its_token_reads_the_seeded_customer() throws Exception {
        try (var sandbox = StandaloneSandbox.start("quickbooks", 0)) {
            var vars = evalInShell(sandbox.envLine());
            assertThat(vars).containsKeys("QBO_BASE", "QBO_REALM", "QBO_TOKEN");
            var query = java.net.URLEncoder.encode("select * from Customer", java.nio.charset.StandardCharsets.UTF_8);
            var answer = http.send(HttpRequest.newBuilder(URI.create(vars.get("QBO_BASE") + "/v3/company/"
                            + vars.get("QBO_REALM") + "/query?query=" + query))
                    .header("Authorization", "Bearer " + vars.get("QBO_TOKEN")).header("Accept", "application/json").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("Ridgeway University");
        }
    }

    @Test
    void the_hubspot_line_evals_in_a_shell_and_its_token_reads_the_seeded_contact() throws Exception {
        try (var sandbox = StandaloneSandbox.start("hubspot", 0)) {
            var vars = evalInShell(sandbox.envLine());
            assertThat(vars).containsKeys("HS_BASE", "HS_TOKEN");
            var answer = http.send(HttpRequest.newBuilder(URI.create(vars.get("HS_BASE") + "/crm/v3/objects/contacts"))
                    .header("Authorization", "Bearer " + vars.get("HS_TOKEN")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("accounts@ridgeway.example");
        }
    }

    @Test
    void the_xero_line_evals_in_a_shell_and_its_token_reads_the_seeded_contact_of_its_tenant() throws Exception {
        try (var sandbox = StandaloneSandbox.start("xero", 0)) {
            var vars = evalInShell(sandbox.envLine());
            assertThat(vars).containsKeys("XERO_BASE", "XERO_TENANT", "XERO_TOKEN", "XERO_SALES_ACCOUNT", "XERO_BANK_ACCOUNT");
            assertThat(vars.get("XERO_BASE")).endsWith("/api.xro/2.0");
            var answer = http.send(HttpRequest.newBuilder(URI.create(vars.get("XERO_BASE") + "/Contacts"))
                    .header("Authorization", "Bearer " + vars.get("XERO_TOKEN")).header("xero-tenant-id", vars.get("XERO_TENANT"))
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(answer.body()).contains("Ridgeway University");
            assertThat(answer.headers().firstValue("X-MinLimit-Remaining")).isPresent();
        }
    }

    @Test
    void a_name_that_is_not_a_sandbox_is_refused_naming_those_there_are() {
        assertThatThrownBy(() -> StandaloneSandbox.start("sage", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no sandbox called 'sage'").hasMessageContaining("quickbooks, hubspot");
    }

    /** Runs {@code eval "$line"; env} in bash and reads back the variables the line set. */
    private static Map<String, String> evalInShell(String line) throws Exception {
        Path script = Files.createTempFile("sandbox-line", ".sh");
        Files.writeString(script, "set -eu\neval \"$1\"\n"
                + "for v in $(echo \"$1\" | grep -o '[A-Z_]*=' | tr -d =); do printf '%s=%s\\n' \"$v\" \"${!v}\"; done\n");
        var p = new ProcessBuilder("bash", script.toString(), line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("bash said: %s", out).isZero();
        var vars = new LinkedHashMap<String, String>();
        for (String l : out.split("\n")) {
            int eq = l.indexOf('=');
            if (eq > 0) {
                vars.put(l.substring(0, eq), l.substring(eq + 1));
            }
        }
        Files.delete(script);
        return vars;
    }
}
