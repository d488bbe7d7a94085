package io.kubelode.events.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What a person asks for: the cluster as posted to the gateway (YAML or JSON). Absent optional
 * fields take the defaults below; {@link SpecValidator} says precisely what is wrong with a spec.
 *
 * @param name              DNS-1123 label, at most {@value SpecValidator#MAX_NAME} characters
 * @param region            Linode region, e.g. {@code eu-central}
 * @param nodeType          Linode type of every node, default {@value #DEFAULT_TYPE}
 * @param image             Linode image, default {@value #DEFAULT_IMAGE}
 * @param nodes             node count, at least 3 (control plane and worker on each)
 * @param domain            the domain whose apex and app hosts get round-robin A records
 * @param apps              apps from the catalog, default: all of them
 * @param sshKeys           the person's OpenSSH public keys, at least one
 * @param homePeer          optional WireGuard peer for backups
 * @param kubernetesVersion Kubernetes version {@code 1.x.y}, default {@value #DEFAULT_KUBERNETES}
 * @param keepOnFailure     keep a failed cluster for debugging instead of rolling it back
 * @param overcommitMemory  create the cluster even when the plan says its apps do not fit the type's
 *                          memory ({@link MemoryFit}); absent or false: such a plan is refused, naming
 *                          the smallest type that fits. Written only when true.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ClusterSpec(String name, String region, String nodeType, String image, Integer nodes, String domain,
                          List<App> apps, List<String> sshKeys, HomePeer homePeer, String kubernetesVersion,
                          Boolean keepOnFailure,
                          @JsonInclude(JsonInclude.Include.NON_DEFAULT) Boolean overcommitMemory) {

    /**
     * Linode 4GB: the cheapest type the whole catalog fits on three nodes ({@link MemoryFit}); the
     * 1 GB Nanode of the original setup holds less than kubeadm's minimum for one machine.
     */
    public static final String DEFAULT_TYPE = "g6-standard-2";
    /** Debian 12, which ships LXD and wireguard-tools. */
    public static final String DEFAULT_IMAGE = "linode/debian12";
    /** Three nodes: the smallest HA control plane with stacked etcd. */
    public static final int DEFAULT_NODES = 3;
    /**
     * The middle of the three minors upstream supports on 2026-12-06 (1.35–1.37): patched until
     * about 2027-06-28, and seven months of patch releases old; containerd 2.2+ (2.3 is what
     * kubelode installs) is recommended for it. See k8s-service/README.md, "Versions".
     */
    public static final String DEFAULT_KUBERNETES = "1.36.1";

    public ClusterSpec {
        nodeType = nodeType == null ? DEFAULT_TYPE : nodeType;
        image = image == null ? DEFAULT_IMAGE : image;
        nodes = nodes == null ? DEFAULT_NODES : nodes;
        apps = apps == null ? List.of(App.values()) : Collections.unmodifiableList(new ArrayList<>(apps));
        sshKeys = sshKeys == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(sshKeys));
        kubernetesVersion = kubernetesVersion == null ? DEFAULT_KUBERNETES : kubernetesVersion;
        keepOnFailure = keepOnFailure != null && keepOnFailure;
        overcommitMemory = overcommitMemory != null && overcommitMemory;
    }

    /** A spec that does not force an undersized type (every field as in the canonical constructor). */
    public ClusterSpec(String name, String region, String nodeType, String image, Integer nodes, String domain,
                       List<App> apps, List<String> sshKeys, HomePeer homePeer, String kubernetesVersion,
                       Boolean keepOnFailure) {
        this(name, region, nodeType, image, nodes, domain, apps, sshKeys, homePeer, kubernetesVersion, keepOnFailure,
                false);
    }

    /** The same spec with another node count (scale up or down). */
    public ClusterSpec withNodes(int count) {
        return new ClusterSpec(name, region, nodeType, image, count, domain, apps, sshKeys, homePeer,
                kubernetesVersion, keepOnFailure, overcommitMemory);
    }

    /** The fully qualified clean-URL host of an app, e.g. {@code blog.example.org}. */
    public String hostOf(App app) {
        return app.hostLabel() + "." + domain;
    }
}
