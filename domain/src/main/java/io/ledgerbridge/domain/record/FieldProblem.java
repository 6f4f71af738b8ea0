package io.ledgerbridge.domain.record;

import java.util.ArrayList;
import java.util.List;

/** One thing wrong with an input record: the field's path (e.g. {@code lines[2].quantity}) and what is wrong. */
public record FieldProblem(String field, String problem) {

    @Override
    public String toString() {
        return field + ": " + problem;
    }

    /** Collects problems while a record is checked. */
    public static final class Collector {
        private final List<FieldProblem> problems = new ArrayList<>();

        public Collector require(boolean ok, String field, String problem) {
            if (!ok) {
                problems.add(new FieldProblem(field, problem));
            }
            return this;
        }

        public Collector notBlank(String value, String field) {
            return require(value != null && !value.isBlank(), field, "is required");
        }

        public Collector maxLength(String value, int max, String field) {
            return require(value == null || value.length() <= max, field, "is longer than " + max + " characters");
        }

        public void add(FieldProblem p) {
            problems.add(p);
        }

        public List<FieldProblem> problems() {
            return List.copyOf(problems);
        }
    }
}
