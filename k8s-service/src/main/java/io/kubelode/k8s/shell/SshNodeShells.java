package io.kubelode.k8s.shell;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.support.shell.NodeShell;
import io.kubelode.support.shell.ShellException;
import io.kubelode.support.ssh.Ed25519Key;
import io.kubelode.support.ssh.SshNodeShell;
import io.kubelode.support.ssh.SshTarget;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SSH to {@code publicIpv4:sshPort} with the cluster's client key, accepting only the node's host
 * key. Both keys are the provisioner's, derived the provisioner's way (HKDF-SHA256 of the master
 * secret, salt {@code kubelode/provisioner/v1}); the derived host key must have the fingerprint
 * that NodeProvisioned pins, so a master secret that differs from the provisioner's fails at once
 * instead of trusting an unknown host. The host scripts run as root on the node and reach the
 * containers with {@code lxc-attach} as their owner (see ContainerScript). A copy of the
 * network-service's class of the same name: it belongs in support, shared by both.
 */
public final class SshNodeShells implements NodeShells {
    private static final byte[] SALT = "kubelode/provisioner/v1".getBytes(StandardCharsets.UTF_8);
    private final byte[] prk;
    private final String user;
    private final Duration connectTimeout;

    public SshNodeShells(byte[] masterSecret, String user, Duration connectTimeout) {
        this.prk = hmac(SALT, masterSecret);
        this.user = user;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public NodeShell open(NodeProvisioned node) {
        Ed25519Key hostKey = Ed25519Key.fromSeed(expand("ssh-host-key/" + node.clusterId() + "/" + node.node()));
        if (node.hostKeyFingerprint() != null && !node.hostKeyFingerprint().equals(hostKey.fingerprint())) {
            throw new ShellException("node " + node.node() + ": the pinned host key is not the one kubelode derives;"
                    + " is the master secret the provisioner's?");
        }
        Ed25519Key client = Ed25519Key.fromSeed(expand("ssh-client-key/" + node.clusterId()));
        return new SshNodeShell(new SshTarget(node.publicIpv4(), node.sshPort(), user, hostKey.publicKey(),
                client.keyPair()), connectTimeout);
    }

    private byte[] expand(String info) {
        byte[] infoBytes = info.getBytes(StandardCharsets.UTF_8);
        byte[] input = Arrays.copyOf(infoBytes, infoBytes.length + 1);
        input[infoBytes.length] = 1;
        return hmac(prk, input);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
