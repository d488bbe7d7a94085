package io.kubelode.provisioner.plan;

import java.util.List;

/**
 * What one node of a cluster should be: everything of the create request except the root
 * password, plus the host key fingerprint that SSH will pin. {@link #cloudConfig()} contains the
 * host private key; {@link #toString()} leaves it out.
 *
 * @param node           1-based index
 * @param label          {@code <clusterId>-<node>}, the idempotency key at Linode
 * @param tags           {@code kubelode} and {@code kl:<clusterId>} ({@code LinodeNames})
 * @param authorizedKeys the person's keys and the cluster's own key
 * @param cloudConfig    cloud-config installing kubelode's host key
 * @param hostKeyLine    {@code ssh-ed25519 …} of the host key
 */
public record NodePlan(String clusterId, int node, String label, String region, String type, String image,
                       List<String> tags, List<String> authorizedKeys, String cloudConfig, String hostKeyLine,
                       String hostKeyFingerprint) {

    public NodePlan {
        tags = List.copyOf(tags);
        authorizedKeys = List.copyOf(authorizedKeys);
    }

    @Override
    public String toString() {
        return "NodePlan[" + label + " " + region + " " + type + " " + image + " tags=" + tags + " keys="
                + authorizedKeys.size() + " host=" + hostKeyFingerprint + "]";
    }
}
