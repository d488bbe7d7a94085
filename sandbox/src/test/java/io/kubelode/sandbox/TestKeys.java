package io.kubelode.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;

/** ed25519 keys and the cloud-config that pins a host key, as the provisioner sends them. */
public final class TestKeys {
    private TestKeys() {}

    public static KeyPair ed25519() {
        try {
            return KeyUtils.generateKeyPair("ssh-ed25519", 256);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code ssh-ed25519 AAAA... comment}. */
    public static String publicLine(KeyPair key, String comment) {
        return PublicKeyEntry.toString(key.getPublic()) + " " + comment;
    }

    public static String privatePem(KeyPair key) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "host", null, out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Base64 cloud-config with cloud-init's {@code ssh_keys} for the host key, password login off. */
    public static String userData(KeyPair hostKey) {
        StringBuilder yaml = new StringBuilder("#cloud-config\nssh_pwauth: false\ndisable_root: false\nssh_keys:\n");
        yaml.append("  ed25519_private: |\n");
        for (String line : privatePem(hostKey).split("\n")) {
            yaml.append("    ").append(line).append('\n');
        }
        yaml.append("  ed25519_public: ").append(publicLine(hostKey, "host")).append('\n');
        return Base64.getEncoder().encodeToString(yaml.toString().getBytes(StandardCharsets.UTF_8));
    }
}
