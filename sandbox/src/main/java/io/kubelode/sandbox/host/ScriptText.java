package io.kubelode.sandbox.host;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A script as a host received it, read the way bash would read its parameter lines: kubelode's
 * layers prepend their values as single-quoted assignments ({@code K='v'} or {@code readonly K='v'},
 * also several on one {@code readonly} line), so the values are data and can be read back here.
 */
public final class ScriptText {
    /** Where a parameter line starts: {@code K=...} or {@code readonly K=...} at the start of a line. */
    private static final Pattern PARAMETER_LINE = Pattern.compile("(?m)^[ \\t]*(?:readonly[ \\t]+)?(?=[A-Z][A-Z0-9_]*=)");
    /** One assignment of such a line; a single-quoted value may span lines (a peer list, a table). */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "[ \\t]*([A-Z][A-Z0-9_]*)=((?:'[^']*'|\\\\')+|[^\\s'\"()]+)");

    private static final Pattern DECLARED = Pattern.compile("# kubelode: (\\S+)(?: .*)?");

    private final String text;
    private final Map<String, String> values;

    public ScriptText(String text) {
        this.text = text;
        this.values = parse(text);
    }

    /**
     * The name a script declares in its first five lines ({@code # kubelode: NAME}, or
     * {@code # kubelode: NAME in CONTAINER} for the k8s layer's), as the machines' ssh gate reads it.
     */
    public static Optional<String> declaredName(String text) {
        String[] lines = text.split("\n", 6);
        for (int i = 0; i < Math.min(5, lines.length); i++) {
            Matcher m = DECLARED.matcher(lines[i]);
            if (m.matches()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    public String text() {
        return text;
    }

    public boolean contains(String s) {
        return text.contains(s);
    }

    /** A parameter's value (unquoted), if the script sets it on a line of its own. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public String require(String name) {
        return value(name).orElse("");
    }

    /** A base64 file parameter, decoded ({@code put_file PATH MODE BASE64}). */
    public Optional<String> file(String name) {
        return value(name).map(v -> {
            try {
                return new String(Base64.getMimeDecoder().decode(v), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return null;
            }
        });
    }

    /** The sha-256 of a part of the text, hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parse(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher line = PARAMETER_LINE.matcher(text);
        int from = 0;
        while (from < text.length() && line.find(from)) {
            // anchored at each assignment's end: find() would try every later position before failing
            int end = line.end();
            Matcher m = ASSIGNMENT.matcher(text).region(end, text.length());
            while (m.lookingAt()) {
                values.putIfAbsent(m.group(1), unquote(m.group(2)));
                end = m.end();
                m.region(end, text.length());
            }
            // past the values read, a value that spans lines included
            from = Math.max(end, line.end() + 1);
        }
        return values;
    }

    /** {@code 'it'\''s'} → {@code it's}. */
    static String unquote(String quoted) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < quoted.length()) {
            char c = quoted.charAt(i);
            if (c == '\'') {
                int end = quoted.indexOf('\'', i + 1);
                out.append(quoted, i + 1, end);
                i = end + 1;
            } else if (c == '\\' && i + 1 < quoted.length()) {
                out.append(quoted.charAt(i + 1));
                i += 2;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
