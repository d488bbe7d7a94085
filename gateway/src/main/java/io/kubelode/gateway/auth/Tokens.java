package io.kubelode.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Arrays;
import java.util.Locale;
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

    private Tokens(List<Entry> entries) {
        this.entries = entries;
    }

    /** Reads {@code <name>:<sha256 hex>:<role>[+<role>]} entries; fails on anything else. */
    public static Tokens parse(List<String> configured) {
        List<Entry> entries = configured.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(Tokens::entry).toList();
        if (entries.isEmpty()) {
            throw new IllegalStateException("no API token is configured: set kubelode.gateway.tokens"
                    + " (KUBELODE_GATEWAY_TOKENS) to <name>:<hex SHA-256 of the token>:<admin|reader>[,...]");
        }
        return new Tokens(entries);
    }

    private static Entry entry(String text) {
        String[] parts = text.split(":", -1);
        if (parts.length != 3 || parts[0].isBlank()) {
            throw new IllegalStateException("an entry of kubelode.gateway.tokens must be"
                    + " <name>:<hex SHA-256 of the token>:<roles>, e.g. ops:<64 hex digits>:admin");
        }
        String hex = parts[1].trim().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalStateException("the token '" + parts[0] + "' in kubelode.gateway.tokens needs"
                    + " 64 hex digits (the SHA-256 of the token, not the token)");
        }
        List<Role> roles = Arrays.stream(parts[2].split("\\+")).map(String::trim).map(r -> {
            try {
                return Role.valueOf(r);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("the token '" + parts[0] + "' has the unknown role '" + r
                        + "'; roles are admin and reader");
            }
        }).toList();
        return new Entry(parts[0].trim(), HexFormat.of().parseHex(hex), roles);
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
