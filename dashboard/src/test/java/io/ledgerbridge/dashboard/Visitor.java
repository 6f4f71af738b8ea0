package io.ledgerbridge.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** A browser without a browser: keeps cookies, never follows redirects, reads each page's CSRF token. */
public final class Visitor {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final int port;
    final CookieManager cookies = new CookieManager();
    public final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER).build();
    public String csrf;

    public Visitor(int port) {
        this.port = port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    public HttpResponse<String> get(String path) throws Exception {
        var r = http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        var m = CSRF.matcher(r.body());
        if (m.find()) {
            csrf = m.group(1);
        }
        return r;
    }

    public HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A form with this session's CSRF token and the given fields. */
    public HttpResponse<String> submit(String path, String... kv) throws Exception {
        var f = form(kv);
        f.put("_csrf", csrf);
        return post(path, f);
    }

    public HttpResponse<String> signIn(String email, String password) throws Exception {
        get("/signin");
        return post("/signin", form("email", email, "password", password, "_csrf", csrf));
    }

    public Visitor signedIn(String email, String password) throws Exception {
        var r = signIn(email, password);
        assertThat(r.statusCode()).as("sign-in of %s", email).isEqualTo(303);
        get("/");
        return this;
    }

    public static Map<String, String> form(String... kv) {
        var m = new LinkedHashMap<String, String>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }
}
