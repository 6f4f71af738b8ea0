package io.ledgerbridge.bench.figures;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ./lb bench compare A.json B.json}: the figures of two runs side by side, with B's change from A. Figures
 * are matched by name; one only in A or only in B is shown with a dash on the other side.
 */
public final class Compare {

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ./lb bench compare A.json B.json");
            System.exit(2);
        }
        System.out.print(compare(Figures.JSON.readTree(Path.of(args[0]).toFile()), Figures.JSON.readTree(Path.of(args[1]).toFile())));
    }

    static String compare(JsonNode a, JsonNode b) {
        var left = byName(a);
        var right = byName(b);
        var names = new java.util.LinkedHashSet<>(left.keySet());
        names.addAll(right.keySet());
        var rows = new java.util.ArrayList<String[]>();
        rows.add(new String[] {"", heading(a), heading(b), "change", "target (B)"});
        for (String name : names) {
            var x = left.get(name);
            var y = right.get(name);
            String change = "";
            if (x != null && y != null && x.path("value").asDouble() != 0) {
                change = String.format(java.util.Locale.ROOT, "%+.1f %%",
                        100 * (y.path("value").asDouble() / x.path("value").asDouble() - 1));
            }
            String target = y == null || y.path("target").isNull() ? "" : y.path("target").asText() + "  "
                    + (y.path("met").asBoolean() ? "met" : "NOT MET");
            rows.add(new String[] {name, shown(x), shown(y), change, target});
        }
        int[] width = new int[4];
        for (var row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        var out = new StringBuilder();
        for (var row : rows) {
            out.append(String.format("%-" + width[0] + "s  %" + width[1] + "s  %" + width[2] + "s  %" + width[3] + "s  %s",
                    (Object[]) row).stripTrailing()).append('\n');
        }
        return out.toString();
    }

    private static String heading(JsonNode run) {
        return run.path("name").asText() + " " + run.path("date").asText();
    }

    private static String shown(JsonNode figure) {
        return figure == null ? "-" : Figures.format(figure.path("value").asDouble()) + " " + figure.path("unit").asText();
    }

    private static Map<String, JsonNode> byName(JsonNode run) {
        var out = new LinkedHashMap<String, JsonNode>();
        run.path("figures").forEach(f -> out.put(f.path("name").asText(), f));
        return out;
    }
}
