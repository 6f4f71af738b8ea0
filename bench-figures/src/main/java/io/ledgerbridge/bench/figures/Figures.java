package io.ledgerbridge.bench.figures;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run's figures, each beside its target: {@link #report()} prints them and writes them as JSON to
 * {@code bench/results/<date>-<benchmark>.json}, so that two runs can be compared ({@link Compare}). The directory is
 * the system property {@code benchmark.results} when set (./lb sets it), otherwise {@code bench/results} under the
 * nearest folder up from the working directory that holds {@code lb}. Not thread-safe: one benchmark fills it.
 */
public final class Figures {

    /** How a figure is held against its target. */
    public enum Bound {
        AT_LEAST("≥"), AT_MOST("≤"), BELOW("<");

        final String sign;

        Bound(String sign) {
            this.sign = sign;
        }

        boolean met(double value, double target) {
            return switch (this) {
                case AT_LEAST -> value >= target;
                case AT_MOST -> value <= target;
                case BELOW -> value < target;
            };
        }
    }

    /** A target: {@code bound} {@code value}, for example at least 1,100. */
    public record Target(Bound bound, double value) {
        @Override
        public String toString() {
            return bound.sign + " " + format(value);
        }
    }

    /** One figure; {@code target} and {@code met} are null for a figure measured for information only. */
    public record Figure(String name, double value, String unit, Target target, Boolean met) {
    }

    private final String benchmark;
    private final Instant date;
    private final List<Figure> figures = new ArrayList<>();

    private Figures(String benchmark, Instant date) {
        this.benchmark = benchmark;
        this.date = date.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The figures of one run of {@code benchmark} (its name for {@code ./lb bench}: drain, quickbooks, …). */
    public static Figures of(String benchmark) {
        return new Figures(benchmark, Instant.now());
    }

    public Figures atLeast(String name, double value, String unit, double target) {
        return add(name, value, unit, new Target(Bound.AT_LEAST, target));
    }

    public Figures atMost(String name, double value, String unit, double target) {
        return add(name, value, unit, new Target(Bound.AT_MOST, target));
    }

    public Figures below(String name, double value, String unit, double target) {
        return add(name, value, unit, new Target(Bound.BELOW, target));
    }

    /** A figure without a target. */
    public Figures measured(String name, double value, String unit) {
        return add(name, value, unit, null);
    }

    private Figures add(String name, double value, String unit, Target target) {
        figures.add(new Figure(name, value, unit, target, target == null ? null : target.bound().met(value, target.value())));
        return this;
    }

    public List<Figure> figures() {
        return List.copyOf(figures);
    }

    /** True when every figure with a target met it. */
    public boolean allMet() {
        return figures.stream().allMatch(f -> f.met() == null || f.met());
    }

    /** The figures as lines: name, value and unit, target, met or NOT MET. */
    public String table() {
        int nameWidth = figures.stream().mapToInt(f -> f.name().length()).max().orElse(0);
        int valueWidth = figures.stream().mapToInt(f -> (format(f.value()) + " " + f.unit()).length()).max().orElse(0);
        var out = new StringBuilder(benchmark + " (" + date + ", " + cores() + " cores)\n");
        for (var f : figures) {
            String line = String.format("  %-" + nameWidth + "s  %-" + valueWidth + "s", f.name(), format(f.value()) + " " + f.unit());
            if (f.target() != null) {
                line += "  target " + (f.target() + " " + f.unit()).strip() + "  " + (f.met() ? "met" : "NOT MET");
            }
            out.append(line.stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** Prints {@link #table()} and writes the JSON file; returns the file. */
    public Path report() {
        System.out.print("\n" + table());
        Path file = write(resultsDirectory());
        Path here = Path.of("").toAbsolutePath();
        System.out.println("  written to " + (file.startsWith(here) ? here.relativize(file) : file) + "\n");
        return file;
    }

    /** Writes {@code <date>-<benchmark>.json} into {@code directory} (made when missing). */
    public Path write(Path directory) {
        var json = new LinkedHashMap<String, Object>();
        json.put("name", benchmark);
        json.put("date", date.toString());
        var machine = new LinkedHashMap<String, Object>();
        machine.put("cores", cores());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.version"));
        machine.put("maxHeapMB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        json.put("machine", machine);
        var list = new ArrayList<Map<String, Object>>();
        for (var f : figures) {
            var m = new LinkedHashMap<String, Object>();
            m.put("name", f.name());
            m.put("value", f.value());
            m.put("unit", f.unit());
            m.put("target", f.target() == null ? null : f.target().toString());
            m.put("met", f.met());
            list.add(m);
        }
        json.put("figures", list);
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(date.toString().replace(':', '-') + "-" + benchmark + ".json");
            JSON.writeValue(file.toFile(), json);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the figures of " + benchmark + " to " + directory, e);
        }
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static Path resultsDirectory() {
        String set = System.getProperty("benchmark.results");
        if (set != null && !set.isBlank()) {
            return Path.of(set);
        }
        Path here = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("lb"))) {
                return p.resolve("bench").resolve("results");
            }
        }
        return here.resolve("bench").resolve("results");
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** 1,113, 12.5 or 0.0995: whole numbers grouped at and above 100, three significant digits below (0.0995 is not 0.100). */
    static String format(double value) {
        if (value == Math.rint(value) || Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
