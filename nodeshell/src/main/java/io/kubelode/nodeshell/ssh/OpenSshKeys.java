package io.kubelode.nodeshell.ssh;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;

/** Public SSH keys in OpenSSH's text forms and their SHA256 fingerprints. */
public final class OpenSshKeys {
    private OpenSshKeys() {
    }

    /** The key as one {@code authorized_keys} / {@code known_hosts} entry: {@code ssh-ed25519 AAAA… [comment]}. */
    public static String line(PublicKey key, String comment) {
        String line = KeyType.fromKey(key) + " " + Base64.getEncoder().encodeToString(wireBytes(key));
        return comment == null || comment.isBlank() ? line : line + " " + comment;
    }

    /** Parses {@code ssh-ed25519 AAAA… [comment]} (any key type sshj knows). */
    public static PublicKey parse(String openSshLine) {
        String[] parts = openSshLine.strip().split("\\s+");
        if (parts.length < 2) {
            throw new IllegalArgumentException("not an OpenSSH public key line");
        }
        PublicKey key;
        try {
            key = new Buffer.PlainBuffer(Base64.getDecoder().decode(parts[1])).readPublicKey();
        } catch (Buffer.BufferException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an OpenSSH public key line: " + e.getMessage(), e);
        }
        if (!KeyType.fromKey(key).toString().equals(parts[0])) {
            throw new IllegalArgumentException("key type " + parts[0] + " does not match its key blob");
        }
        return key;
    }

    /** The SSH wire encoding of a public key, which fingerprints are computed over. */
    public static byte[] wireBytes(PublicKey key) {
        return new Buffer.PlainBuffer().putPublicKey(key).getCompactData();
    }

    /** OpenSSH's fingerprint: {@code SHA256:} and unpadded base64, as {@code ssh-keygen -l} prints it. */
    public static String fingerprint(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(wireBytes(key));
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
