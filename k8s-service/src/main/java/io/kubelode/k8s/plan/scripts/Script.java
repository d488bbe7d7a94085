package io.kubelode.k8s.plan.scripts;

import io.kubelode.nodeshell.script.HostScript;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A script from {@code src/main/resources/scripts} ({@link HostScript}: it declares its name and its
 * inputs in its first lines), sent as: its header, its inputs as {@code readonly} single-quoted
 * assignments, the shared library ({@code lib.sh}, from {@code set -euo pipefail} on), then its body. Inputs are data, never
 * code: values are quoted, file contents travel base64-encoded, and a missing or undeclared input is
 * refused when it is rendered. The whole text is sent on the shell's standard input, so nothing in it
 * reaches a command line. {@link #toString()} never shows parameter values.
 */
public final class Script {
    private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
    private static final String LIBRARY = HostScript.library(Script.class, "lib.sh");

    private final HostScript script;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    private Script(HostScript script) {
        this.script = script;
    }

    /** The script {@code scripts/<name>}. */
    public static Script named(String name) {
        return new Script(HostScript.load(Script.class, name));
    }

    /** A plain parameter. */
    public Script param(String key, String value) {
        if (!NAME.matcher(key).matches()) {
            throw new IllegalArgumentException("not a shell parameter name: " + key);
        }
        if (value == null) {
            throw new IllegalArgumentException(script.name() + ": parameter " + key + " has no value");
        }
        parameters.put(key, value);
        return this;
    }

    /** A file's content, base64-encoded (decoded by the script with {@code put_file}). */
    public Script file(String key, String content) {
        return param(key, Base64.getEncoder().encodeToString(content.getBytes(StandardCharsets.UTF_8)));
    }

    /** The name of the script, for logs and failure messages. */
    public String name() {
        return script.name();
    }

    /** The full script text. May contain secrets: send it only on a shell's standard input. */
    public String render() {
        return script.render(parameters, LIBRARY);
    }

    /** Single-quotes a value for bash: {@code it's} becomes {@code 'it'\''s'}. */
    static String quote(String value) {
        return HostScript.quote(value);
    }

    private static String resource(String name) {
        try (InputStream in = Script.class.getResourceAsStream("/scripts/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no script " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A resource file next to the scripts (configuration shipped as is). */
    public static String staticFile(String name) {
        return resource(name);
    }

    @Override
    public String toString() {
        return "Script[" + script.name() + ", parameters=" + parameters.keySet() + "]";
    }
}
