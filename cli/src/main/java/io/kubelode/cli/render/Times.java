package io.kubelode.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Instants as the gateway writes them (ISO-8601, or epoch seconds), and short durations. */
public final class Times {
    private Times() {
    }

    /** The instant in a JSON value, or null. */
    public static Instant parse(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (value.isNumber()) {
            BigDecimal s = value.decimalValue();
            return Instant.ofEpochSecond(s.longValue(), s.remainder(BigDecimal.ONE).movePointRight(9).longValue());
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** {@code 42s}, {@code 3m12s}, {@code 2h05m}, {@code 3d4h}: like kubectl's AGE. */
    public static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + (s % 60 == 0 ? "" : String.format("%02ds", s % 60));
        }
        if (s < 86400) {
            return (s / 3600) + "h" + String.format("%02dm", (s % 3600) / 60);
        }
        return (s / 86400) + "d" + ((s % 86400) / 3600) + "h";
    }

    /** {@code 00:42}, {@code 12:03}, {@code 1:02:03}: elapsed time on a progress line. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60)
                : String.format("%02d:%02d", s / 60, s % 60);
    }
}
