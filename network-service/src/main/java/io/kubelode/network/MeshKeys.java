package io.kubelode.network;

import io.kubelode.network.plan.MeshKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Every node's WireGuard key, derived from kubelode's master secret (never stored): a restarted
 * or second replica derives the very same keys, so applying again changes nothing.
 */
public final class MeshKeys {
    private static final byte[] SALT = "kubelode/network/v1".getBytes(StandardCharsets.UTF_8);
    private final byte[] seed;

    public MeshKeys(byte[] masterSecret) {
        if (masterSecret.length < 16) {
            throw new IllegalArgumentException("the master secret needs at least 16 bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
            this.seed = mac.doFinal(masterSecret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public MeshKey of(String clusterId, int node) {
        return MeshKey.derive(seed, clusterId, node);
    }

    @Override
    public String toString() {
        return "MeshKeys[<derived>]";
    }
}
