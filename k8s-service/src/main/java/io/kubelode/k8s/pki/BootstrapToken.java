package io.kubelode.k8s.pki;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A kubeadm bootstrap token {@code [a-z0-9]{6}.[a-z0-9]{16}}: the id is public, the secret is
 * not. {@link #toString()} never shows the secret.
 *
 * @param id      6 characters, names the {@code bootstrap-token-<id>} Secret
 * @param secret  16 characters
 * @param expires when the API server stops accepting it
 */
public record BootstrapToken(String id, String secret, Instant expires) {
    /** The format kubeadm accepts. */
    public static final Pattern FORMAT = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    public BootstrapToken {
        if (!FORMAT.matcher(id + "." + secret).matches()) {
            throw new IllegalArgumentException("a bootstrap token is [a-z0-9]{6}.[a-z0-9]{16}");
        }
    }

    /** A fresh random token valid for {@code ttl} from {@code now}. */
    public static BootstrapToken mint(SecureRandom random, Instant now, Duration ttl) {
        return new BootstrapToken(randomText(random, 6), randomText(random, 16), now.plus(ttl));
    }

    /** {@code id.secret}, the form kubeadm takes. */
    public String value() {
        return id + "." + secret;
    }

    /** Whether it is expired, or would expire within {@code margin} of {@code now}. */
    public boolean expiresWithin(Instant now, Duration margin) {
        return !expires.isAfter(now.plus(margin));
    }

    private static String randomText(SecureRandom random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return "BootstrapToken[id=" + id + ", secret=<sealed>, expires=" + expires + "]";
    }
}
