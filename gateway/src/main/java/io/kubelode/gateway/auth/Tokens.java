package io.kubelode.gateway.auth;

import io.kubelode.gateway.GatewayConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks bearer tokens against the configured SHA-256 hashes; a token itself is never stored. */
public final class Tokens {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /** A caller identified by its token's configured name. */
    public record Caller(String name, List<Role> roles) {
        public boolean may(Role needed) {
            return roles.stream().anyMatch(r -> r.covers(needed));
        }
    }

    private record Entry(String name, byte[] hash, List<Role> roles) {
    }

    private final List<Entry> entries;

    public Tokens(Map<String, GatewayConfig.ApiToken> configured) {
        if (configured.isEmpty()) {
            throw new IllegalStateException("no API token is configured: set kubelode.gateway.tokens.<name>.sha256"
                    + " (hex SHA-256 of the token) and kubelode.gateway.tokens.<name>.roles (admin, reader)");
        }
        this.entries = configured.entrySet().stream().map(e -> {
            String hex = e.getValue().sha256().trim().toLowerCase(java.util.Locale.ROOT);
            if (!HEX.matcher(hex).matches()) {
                throw new IllegalStateException("kubelode.gateway.tokens." + e.getKey()
                        + ".sha256 must be 64 hex digits (the SHA-256 of the token, not the token)");
            }
            return new Entry(e.getKey(), HexFormat.of().parseHex(hex), List.copyOf(e.getValue().roles()));
        }).toList();
    }

    /** The caller a bearer token belongs to. */
    public Optional<Caller> identify(String token) {
        byte[] hash = sha256(token);
        Entry found = null;
        for (Entry e : entries) {
            // constant time per entry; every entry is compared
            if (MessageDigest.isEqual(e.hash(), hash)) {
                found = e;
            }
        }
        return Optional.ofNullable(found).map(e -> new Caller(e.name(), e.roles()));
    }

    /** Hex SHA-256 of a token: what goes into the configuration. */
    public static String hash(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
