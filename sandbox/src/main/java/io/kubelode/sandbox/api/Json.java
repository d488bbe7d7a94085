package io.kubelode.sandbox.api;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Linode's wire formats. */
final class Json {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private Json() {}

    /** Linode's timestamps: UTC, seconds, no zone designator ({@code 2018-01-01T00:01:01}). */
    static String time(Instant instant) {
        return TIME.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.SECONDS), ZoneOffset.UTC));
    }
}
