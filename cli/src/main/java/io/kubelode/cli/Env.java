package io.kubelode.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway is and which token to send: an option wins over the environment, the
 * environment over {@code .kubelode/gateway.token} (written by {@code ./kubelode up}).
 *
 * @param variables the process environment
 * @param cwd       the working directory: {@code .kubelode/} is looked for here and in its parents
 */
public record Env(Map<String, String> variables, Path cwd) {
    public static final String GATEWAY_VAR = "KUBELODE_GATEWAY";
    public static final String TOKEN_VAR = "KUBELODE_TOKEN";
    /** The state folder of {@code ./kubelode}; overrides the search for {@code .kubelode/}. */
    public static final String STATE_VAR = "KUBELODE_STATE";
    public static final String DEFAULT_GATEWAY = "http://127.0.0.1:8080";
    static final String TOKEN_FILE = "gateway.token";

    /** The real environment of this process. */
    public static Env system() {
        return new Env(System.getenv(), Path.of("").toAbsolutePath());
    }

    /** The gateway base URL, without a trailing slash. */
    public URI gateway(String option) {
        String url = firstNonBlank(option, variables.get(GATEWAY_VAR), DEFAULT_GATEWAY);
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || uri.getHost() == null
                    || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new CliException(Exit.USAGE, "the gateway URL '" + url + "' is not an http(s) URL: "
                    + e.getMessage());
        }
    }

    /** The token to send, if any is known. */
    public Optional<String> token(String option) {
        String given = firstNonBlank(option, variables.get(TOKEN_VAR), null);
        if (given != null) {
            return Optional.of(given.trim());
        }
        return tokenFile().flatMap(Env::read);
    }

    /** Where {@code ./kubelode up} keeps the token for this checkout, if such a file exists. */
    public Optional<Path> tokenFile() {
        String state = variables.get(STATE_VAR);
        if (state != null && !state.isBlank()) {
            Path f = cwd.resolve(state).resolve(TOKEN_FILE);
            return Files.isReadable(f) ? Optional.of(f) : Optional.empty();
        }
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            Path f = dir.resolve(".kubelode").resolve(TOKEN_FILE);
            if (Files.isReadable(f)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            String token = Files.readString(file).trim();
            return token.isEmpty() ? Optional.empty() : Optional.of(token);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String firstNonBlank(String a, String b, String fallback) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        if (b != null && !b.isBlank()) {
            return b;
        }
        return fallback;
    }
}
