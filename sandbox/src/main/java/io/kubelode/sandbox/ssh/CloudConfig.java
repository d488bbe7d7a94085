package io.kubelode.sandbox.ssh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * What the sandbox takes from a create request's cloud-config: the ed25519 host key of
 * cloud-init's {@code ssh_keys} ({@code ed25519_private}, {@code ed25519_public}).
 */
public final class CloudConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CloudConfig() {}

    /** Thrown for user data or keys the sandbox cannot read; the message is the API reason. */
    public static final class Invalid extends Exception {
        private final String field;

        Invalid(String field, String reason) {
            super(reason);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** The decoded cloud-config text of {@code metadata.user_data}. */
    public static String decode(String base64) throws Invalid {
        try {
            return new String(Base64.getDecoder().decode(base64.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new Invalid("metadata.user_data", "user_data must be base64-encoded");
        }
    }

    /** The host key of {@code ssh_keys.ed25519_private}, or null when the cloud-config has none. */
    public static KeyPair hostKey(String cloudConfig) throws Invalid {
        JsonNode root;
        try {
            root = YAML.readTree(cloudConfig);
        } catch (Exception e) {
            return null; // Linode passes any user data on; cloud-init would ignore what it cannot parse
        }
        JsonNode pem = root == null ? null : root.path("ssh_keys").get("ed25519_private");
        if (pem == null || !pem.isTextual()) {
            return null;
        }
        try {
            Iterator<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null,
                    NamedResource.ofName("ssh_keys.ed25519_private"),
                    new ByteArrayInputStream(pem.asText().getBytes(StandardCharsets.UTF_8)), null).iterator();
            if (!pairs.hasNext()) {
                throw new Invalid("metadata.user_data", "ssh_keys.ed25519_private holds no key");
            }
            return pairs.next();
        } catch (Invalid e) {
            throw e;
        } catch (Exception e) {
            throw new Invalid("metadata.user_data", "ssh_keys.ed25519_private is not an OpenSSH private key");
        }
    }

    /** A fresh host key, for instances whose user data brings none. */
    public static KeyPair generatedHostKey() {
        try {
            return KeyUtils.generateKeyPair("ssh-ed25519", 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ed25519 host key", e);
        }
    }

    /** Parses {@code authorized_keys} lines. */
    public static List<PublicKey> authorizedKeys(List<String> lines) throws Invalid {
        List<PublicKey> keys = new ArrayList<>();
        for (String line : lines) {
            try {
                AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line);
                PublicKey key = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
                if (key == null) {
                    throw new Invalid("authorized_keys", "Invalid SSH key");
                }
                keys.add(key);
            } catch (Invalid e) {
                throw e;
            } catch (Exception e) {
                throw new Invalid("authorized_keys", "Invalid SSH key");
            }
        }
        return keys;
    }
}
