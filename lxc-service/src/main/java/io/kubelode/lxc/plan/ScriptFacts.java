package io.kubelode.lxc.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code kubelode:fact key=value} lines a script printed: what it found on the host. */
public record ScriptFacts(Map<String, String> values) {
    private static final String PREFIX = "kubelode:fact ";

    public ScriptFacts {
        values = Map.copyOf(values);
    }

    /** Parses a script's standard output; other lines are ignored. */
    public static ScriptFacts parse(String stdout) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            String l = line.strip();
            if (l.startsWith(PREFIX) && l.indexOf('=') > PREFIX.length()) {
                String kv = l.substring(PREFIX.length());
                int eq = kv.indexOf('=');
                values.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return new ScriptFacts(values);
    }

    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The value, or a failure naming the missing fact. */
    public String require(String key) {
        return get(key).orElseThrow(() -> new IllegalStateException("the script did not report " + key));
    }
}
