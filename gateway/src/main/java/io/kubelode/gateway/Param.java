package io.kubelode.gateway;

import io.kubelode.events.spec.FieldViolation;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one parser of query parameters and headers. Values are taken exactly as sent: no trimming,
 * no case folding, no other spellings. An absent parameter takes its default; an empty one is
 * refused like any other wrong value. A wrong value is a 400 problem naming the parameter, with
 * the parameter in {@code errors[].field}.
 *
 * @param kind {@code query parameter} or {@code header}
 * @param name the parameter's name
 */
public record Param(String kind, String name) {
    private static final Pattern COUNT = Pattern.compile("0|[1-9][0-9]{0,17}");

    /** A query parameter. */
    public static Param query(String name) {
        return new Param("query parameter", name);
    }

    /** A request header. */
    public static Param header(String name) {
        return new Param("header", name);
    }

    /** {@code true} or {@code false}, exactly; absent (null) is false. */
    public boolean flag(String raw) {
        if (raw == null) {
            return false;
        }
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid("must be true or false" + (raw.isEmpty() ? " (leave it out for false)" : "")
                    + ", was " + shown(raw));
        };
    }

    /** A count or position: decimal digits, no sign, no leading zero; absent (null) is {@code absent}. */
    public long count(String raw, long absent, String what) {
        if (raw == null) {
            return absent;
        }
        if (!COUNT.matcher(raw).matches()) {
            throw invalid("must be " + what + ": decimal digits only, was " + shown(raw));
        }
        return Long.parseLong(raw);
    }

    /** The value when the whole of it matches {@code pattern}; absent (null) is null. */
    public String matching(String raw, Pattern pattern, String what) {
        if (raw != null && !pattern.matcher(raw).matches()) {
            throw invalid("must be " + what + ", was " + shown(raw));
        }
        return raw;
    }

    /** The 400 problem for this parameter. */
    public ProblemException invalid(String message) {
        return invalid(Map.of(this, message));
    }

    /** The 400 problem naming every parameter (in the map's order) and what is wrong with it. */
    public static ProblemException invalid(Map<Param, String> messages) {
        return Problem.invalidParameters(messages.entrySet().stream().map(e -> e.getKey().kind() + " "
                        + e.getKey().name() + " " + e.getValue()).collect(Collectors.joining("; ")),
                messages.entrySet().stream().map(e -> new FieldViolation(e.getKey().name(), e.getValue())).toList())
                .toException();
    }

    private static String shown(String raw) {
        if (raw.isEmpty()) {
            return "empty";
        }
        String s = raw.length() > 64 ? raw.substring(0, 64) + "..." : raw;
        StringBuilder out = new StringBuilder("'");
        s.codePoints().forEach(c -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", c)
                : new String(Character.toChars(c))));
        return out.append('\'').toString();
    }
}
