package io.kubelode.events.spec;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * An OpenSSH public key line ({@code <type> <base64 key> [comment]}, as in {@code authorized_keys}
 * without options), parsed for real: the key blob must be base64 of the SSH wire encoding
 * (RFC 4253 6.6, RFC 5656 3.1, RFC 8709 4, OpenSSH PROTOCOL.u2f) of a key of the declared type,
 * with nothing after it. An ed25519 key has 32 bytes, an ECDSA key is a point on its curve, an RSA
 * modulus has at least {@value #MIN_RSA_BITS} bits.
 *
 * @param type    the key type, e.g. {@code ssh-ed25519}
 * @param bits    the key size in bits (ed25519: 256)
 * @param comment what follows the key, or empty
 */
public record SshPublicKey(String type, int bits, String comment) {

    /** The key types accepted, in the order an error message lists them. */
    public static final List<String> TYPES = List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ssh-rsa", "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");
    /** Smallest RSA modulus accepted (NIST SP 800-131A; OpenSSH's own minimum is 1024). */
    public static final int MIN_RSA_BITS = 2048;
    /** Largest RSA modulus accepted (OpenSSH's limit). */
    public static final int MAX_RSA_BITS = 16384;
    /** Longest line accepted: a 16384-bit RSA key with a long comment fits. */
    public static final int MAX_LINE = 8192;

    private static final int ED25519_BYTES = 32;
    /** The curve of each ECDSA key type, by its SSH name and its JDK name. */
    private static final Map<String, String> CURVES = Map.of("nistp256", "secp256r1", "nistp384", "secp384r1",
            "nistp521", "secp521r1");

    /** Parses the line; an {@link IllegalArgumentException} says what is wrong with it. */
    public static SshPublicKey parse(String line) {
        if (line == null || line.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        String s = line.strip();
        if (s.length() > MAX_LINE) {
            throw new IllegalArgumentException("is " + s.length() + " characters long; a public key line has at most "
                    + MAX_LINE);
        }
        if (s.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            throw new IllegalArgumentException("contains a line break or another control character: give one key"
                    + " per entry");
        }
        String[] parts = s.split("[ \t]+", 3);
        String type = parts[0];
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("starts with '" + shorten(type) + "', not a key type kubelode accepts ("
                    + String.join(", ", TYPES) + "); options before the key type are not accepted either");
        }
        if (parts.length < 2) {
            throw new IllegalArgumentException("has the type " + type + " but no key after it");
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("has key data that is not base64: " + e.getMessage());
        }
        Wire wire = new Wire(blob);
        String inner = wire.text("the key type inside the key data");
        if (!inner.equals(type)) {
            throw new IllegalArgumentException("declares " + type + " but its key data is "
                    + (TYPES.contains(inner) ? "a " + inner + " key" : "not a " + type + " key"));
        }
        int bits = switch (type) {
            case "ssh-ed25519", "sk-ssh-ed25519@openssh.com" -> ed25519(wire);
            case "ssh-rsa" -> rsa(wire);
            default -> ecdsa(type, wire);
        };
        if (type.startsWith("sk-") && wire.text("the security key's application").isEmpty()) {
            throw new IllegalArgumentException("is a security key without an application (such as ssh:)");
        }
        if (wire.remaining() > 0) {
            throw new IllegalArgumentException("has " + wire.remaining() + " stray byte(s) after the " + type + " key");
        }
        return new SshPublicKey(type, bits, parts.length > 2 ? parts[2] : "");
    }

    private static int ed25519(Wire wire) {
        byte[] key = wire.bytes("the ed25519 key");
        if (key.length != ED25519_BYTES) {
            throw new IllegalArgumentException("has an ed25519 key of " + key.length + " bytes; it must be "
                    + ED25519_BYTES);
        }
        return ED25519_BYTES * 8;
    }

    private static int rsa(Wire wire) {
        BigInteger e = new BigInteger(wire.bytes("the RSA exponent"));
        BigInteger n = new BigInteger(wire.bytes("the RSA modulus"));
        if (e.signum() <= 0 || !e.testBit(0) || e.equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("has an RSA exponent that is not an odd number of 3 or more");
        }
        if (n.signum() <= 0 || !n.testBit(0)) {
            throw new IllegalArgumentException("has an RSA modulus that is not a positive odd number");
        }
        int bits = n.bitLength();
        if (bits < MIN_RSA_BITS) {
            throw new IllegalArgumentException("is an RSA key of " + bits + " bits; RSA keys need at least "
                    + MIN_RSA_BITS + " bits (or use an ed25519 key)");
        }
        if (bits > MAX_RSA_BITS) {
            throw new IllegalArgumentException("is an RSA key of " + bits + " bits; OpenSSH takes at most "
                    + MAX_RSA_BITS);
        }
        return bits;
    }

    private static int ecdsa(String type, Wire wire) {
        String curve = wire.text("the ECDSA curve");
        String expected = type.replaceFirst("^(sk-)?ecdsa-sha2-", "").replace("@openssh.com", "");
        if (!curve.equals(expected)) {
            throw new IllegalArgumentException("declares " + type + " but its key data names the curve '"
                    + shorten(curve) + "'");
        }
        ECParameterSpec params = curve(CURVES.get(curve));
        BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
        int size = (p.bitLength() + 7) / 8;
        byte[] q = wire.bytes("the ECDSA point");
        if (q.length != 1 + 2 * size || q[0] != 0x04) {
            throw new IllegalArgumentException("has an ECDSA point of " + q.length + " bytes; a " + curve
                    + " point is 0x04 and two coordinates of " + size + " bytes");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(q, 1, 1 + size));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(q, 1 + size, q.length));
        BigInteger rhs = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !y.modPow(BigInteger.TWO, p).equals(rhs)) {
            throw new IllegalArgumentException("has an ECDSA point that is not on the curve " + curve);
        }
        return p.bitLength();
    }

    private static ECParameterSpec curve(String name) {
        try {
            AlgorithmParameters ec = AlgorithmParameters.getInstance("EC");
            ec.init(new ECGenParameterSpec(name));
            return ec.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK does not know the curve " + name, e);
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /** SSH wire strings (a 4-byte big-endian length, then that many bytes). */
    private static final class Wire {
        private final ByteBuffer in;

        Wire(byte[] blob) {
            in = ByteBuffer.wrap(blob);
        }

        byte[] bytes(String what) {
            if (in.remaining() < 4) {
                throw truncated(what);
            }
            int length = in.getInt();
            if (length < 0 || length > in.remaining()) {
                throw truncated(what);
            }
            byte[] out = new byte[length];
            in.get(out);
            return out;
        }

        String text(String what) {
            return new String(bytes(what), StandardCharsets.ISO_8859_1);
        }

        int remaining() {
            return in.remaining();
        }

        private static IllegalArgumentException truncated(String what) {
            return new IllegalArgumentException("has key data that ends before " + what
                    + " (truncated or not an SSH key)");
        }
    }
}
