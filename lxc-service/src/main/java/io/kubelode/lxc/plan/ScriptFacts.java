package io.kubelode.lxc.plan;

import io.kubelode.nodeshell.script.HostScript;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The facts a script reported, what it found on the host: its last line, after the change marker,
 * each {@code key=value} after a tab ({@link HostScript#reportFields}).
 */
public record ScriptFacts(Map<String, String> values) {
    public ScriptFacts {
        values = Map.copyOf(values);
    }

    /** Parses a script's standard output: the facts of its report line. */
    public static ScriptFacts parse(String stdout) {
        Map<String, String> values = new LinkedHashMap<>();
        String[] fields = HostScript.reportFields(stdout);
        for (int i = 1; i < fields.length; i++) {
            int eq = fields[i].indexOf('=');
            if (eq > 0) {
                values.put(fields[i].substring(0, eq), fields[i].substring(eq + 1));
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
