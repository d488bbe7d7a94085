package io.kubelode.provisioner.plan;

import io.kubelode.events.plan.LinodeNames;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.nodeshell.ssh.ClusterKeys;
import io.kubelode.nodeshell.ssh.Ed25519Key;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The nodes a cluster request asks for: deterministic names and ownership tags
 * ({@link LinodeNames}: they fit Linode's limits for every valid cluster name), keys, cloud-config.
 */
public final class ProvisioningPlan {

    private ProvisioningPlan() {
    }

    /** Nodes {@code 1..spec.nodes()}. */
    public static List<NodePlan> nodes(String clusterId, ClusterSpec spec, ClusterKeys keys) {
        return nodes(clusterId, spec, keys, 1, spec.nodes());
    }

    /** Nodes {@code from..to} (a scale-up plans only the new ones). */
    public static List<NodePlan> nodes(String clusterId, ClusterSpec spec, ClusterKeys keys, int from, int to) {
        String clusterKey = keys.clientKey().publicKeyLine("kubelode@" + clusterId);
        List<String> authorized = new ArrayList<>(spec.sshKeys().stream().map(String::strip).toList());
        authorized.add(clusterKey);
        return IntStream.rangeClosed(from, to).mapToObj(n -> {
            Ed25519Key hostKey = keys.hostKey(n);
            String hostLine = hostKey.publicKeyLine("kubelode-host@" + LinodeNames.instanceLabel(clusterId, n));
            return new NodePlan(clusterId, n, LinodeNames.instanceLabel(clusterId, n), spec.region(), spec.nodeType(), spec.image(),
                    List.of(LinodeNames.TAG, LinodeNames.clusterTag(clusterId)), authorized, cloudConfig(hostKey, hostLine), hostLine,
                    hostKey.fingerprint());
        }).toList();
    }

    /**
     * cloud-init's {@code ssh_keys}: the host key kubelode made, so the first SSH connection
     * already knows it. {@code ssh_deletekeys} and an empty {@code ssh_genkeytypes} leave sshd with
     * that key only.
     */
    static String cloudConfig(Ed25519Key hostKey, String hostLine) {
        StringBuilder y = new StringBuilder("#cloud-config\n");
        y.append("ssh_deletekeys: true\n");
        y.append("ssh_genkeytypes: []\n");
        y.append("ssh_keys:\n");
        y.append("  ed25519_private: |\n");
        hostKey.privateKeyPem().lines().forEach(l -> y.append("    ").append(l).append('\n'));
        y.append("  ed25519_public: \"").append(hostLine).append("\"\n");
        return y.toString();
    }
}
