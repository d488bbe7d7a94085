package io.kubelode.nodeshell.script;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A host script as committed under a module's {@code src/main/resources/scripts/}: a bash file
 * whose first lines declare its name and its inputs,
 *
 * <pre>
 * #!/usr/bin/env bash
 * # kubelode: lxd-host.sh
 * # inputs: CLUSTER_ID PROFILE BRIDGE
 * </pre>
 *
 * (the inputs line is left out by a script that takes none). {@link #render} puts exactly the declared
 * inputs right after those lines as {@code readonly} single-quoted assignments: a missing or an
 * undeclared input is refused before anything runs, and a value is data, never shell syntax. The
 * name stays on the second line, where the sandbox's machines (their ssh gate) and its light stand-in
 * read it to match faults. A rendered script may carry secrets: send it on a shell's standard input
 * only ({@code NodeShell.run}).
 */
public final class HostScript {
    private static final Pattern HEADER = Pattern.compile(
            "#![^\\n]*\\n# kubelode: (\\S+)\\n(?:# inputs:((?: [A-Z][A-Z0-9_]*)+)\\n)?");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*\\.sh");

    private final String name;
    private final List<String> inputs;
    private final String header;
    private final String body;

    private HostScript(String name, List<String> inputs, String header, String body) {
        this.name = name;
        this.inputs = inputs;
        this.header = header;
        this.body = body;
    }

    /**
     * What a script reports, in one line, its last on standard output: {@code kubelode:changed} or
     * {@code kubelode:unchanged}, then the facts it found, each {@code key=value} after a tab. Returns
     * that line's fields: the marker first.
     */
    public static String[] reportFields(String stdout) {
        String out = stdout.strip();
        return out.substring(out.lastIndexOf('\n') + 1).split("\t");
    }

    /** The script {@code /scripts/<name>} from {@code owner}'s class path; its declared name must be {@code name}. */
    public static HostScript load(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream("/scripts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("scripts/" + name + " is missing from the class path of " + owner.getName());
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A layer's script library, {@code /scripts/<name>} from {@code owner}'s class path: bash that its
     * scripts share, put between their inputs and their text ({@link #render(Map, String)}).
     */
    public static String library(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream("/scripts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("scripts/" + name + " is missing from the class path of " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A script's text, checked: it declares {@code name} and its inputs in its first lines. */
    public static HostScript parse(String name, String text) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a script name: " + name);
        }
        Matcher m = HEADER.matcher(text);
        if (!m.lookingAt() || !m.group(1).equals(name)) {
            throw new IllegalStateException("scripts/" + name + " does not start with \"#!/usr/bin/env bash\", "
                    + "\"# kubelode: " + name + "\" and, when it takes inputs, \"# inputs: NAME ...\"");
        }
        List<String> inputs = m.group(2) == null ? List.of() : List.of(m.group(2).strip().split(" "));
        if (new LinkedHashSet<>(inputs).size() != inputs.size()) {
            throw new IllegalStateException("scripts/" + name + " declares an input twice: " + inputs);
        }
        return new HostScript(name, inputs, text.substring(0, m.end()), text.substring(m.end()));
    }

    /** The declared name, as in logs, failure events and faults. */
    public String name() {
        return name;
    }

    /** The declared inputs, in their order. */
    public List<String> inputs() {
        return inputs;
    }

    /** The text as committed (what shellcheck checks). */
    public String text() {
        return header + body;
    }

    /**
     * The script ready to send: its header, then every declared input as a {@code readonly}
     * assignment, then {@code between} (a library the layer shares between its scripts, or empty),
     * then the rest of its text.
     *
     * @throws IllegalArgumentException naming every missing and every undeclared input
     */
    public String render(Map<String, String> values, String between) {
        Set<String> missing = new TreeSet<>(inputs);
        missing.removeAll(values.keySet());
        Set<String> undeclared = new TreeSet<>(values.keySet());
        undeclared.removeAll(inputs);
        if (!missing.isEmpty() || !undeclared.isEmpty()) {
            List<String> why = new ArrayList<>();
            if (!missing.isEmpty()) {
                why.add("missing " + missing);
            }
            if (!undeclared.isEmpty()) {
                why.add("not declared " + undeclared);
            }
            throw new IllegalArgumentException(name + " declares the inputs " + inputs + ": " + String.join(", ", why));
        }
        StringBuilder s = new StringBuilder(header);
        for (String input : inputs) {
            String value = values.get(input);
            if (value == null) {
                throw new IllegalArgumentException(name + ": input " + input + " has no value");
            }
            s.append("readonly ").append(input).append('=').append(quote(value)).append('\n');
        }
        return s.append(between).append(body).toString();
    }

    /** {@link #render(Map, String)} with nothing between the inputs and the text. */
    public String render(Map<String, String> values) {
        return render(values, "");
    }

    /** Single-quotes a value for bash: {@code it's} becomes {@code 'it'\''s'}. */
    public static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }

    @Override
    public String toString() {
        return "HostScript[" + name + ", inputs=" + inputs + "]";
    }
}
