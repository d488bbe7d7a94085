package io.kubelode.network;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The master secret and what is derived from it, loaded on first use: the service starts (and
 * reports health) before the provisioner has created the secret file on a fresh machine.
 */
@ApplicationScoped
public class Secrets {
    @Inject
    NetworkConfig config;

    private volatile MeshKeys meshKeys;
    private volatile byte[] masterSecret;

    public MeshKeys meshKeys() {
        MeshKeys keys = meshKeys;
        if (keys == null) {
            synchronized (this) {
                if (meshKeys == null) {
                    meshKeys = new MeshKeys(masterSecret());
                }
                keys = meshKeys;
            }
        }
        return keys;
    }

    synchronized byte[] masterSecret() {
        if (masterSecret == null) {
            masterSecret = io.kubelode.nodeshell.ssh.MasterSecret.load(config.masterSecret(), config.masterSecretFile(),
                    false);
        }
        return masterSecret;
    }

    @Override
    public String toString() {
        return "Secrets[<redacted>]";
    }
}
