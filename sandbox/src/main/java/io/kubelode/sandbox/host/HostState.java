package io.kubelode.sandbox.host;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one sandbox instance "has" as far as kubelode's scripts can tell: subordinate id ranges, LXD and its containers, the WireGuard mesh, and inside each container what the k8s
 * layer put there. Mutated only under the lock of the instance's {@link Hosts} entry. Gone with
 * the instance.
 */
final class HostState {
    /** Debian 12's LXD package. */
    static final String LXD_VERSION = "5.0.2";

    /** {@code /etc/subuid} and {@code /etc/subgid} as lines {@code user:start:count}. */
    final Map<String, List<String>> subids = new LinkedHashMap<>(Map.of("subuid", new java.util.ArrayList<>(),
            "subgid", new java.util.ArrayList<>()));
    final Set<String> packages = new LinkedHashSet<>();
    final Set<String> files = new LinkedHashSet<>();

    String pool;
    String bridge;
    String bridgeCidr;
    boolean image;
    final Map<String, String> profiles = new LinkedHashMap<>();
    final Map<String, Container> containers = new LinkedHashMap<>();

    /** The mesh as last applied, or null. */
    Mesh mesh;
    /** The digest of the network script the boot unit runs, or null when no boot unit is enabled. */
    String bootScript;

    boolean lxdInstalled() {
        return packages.contains("lxd");
    }

    /** Whether root has exactly the range {@code start:count} in subuid or subgid. */
    boolean delegated(String file, String range) {
        return subids.get(file).contains("root:" + range);
    }

    /** One LXD container and what the k8s layer did inside it. */
    static final class Container {
        final String name;
        final String role;
        final long base;
        final long size;
        String address;
        String prefix;
        boolean running;
        /** Hash of the last prepare-container.sh parameters (runtime, packages, LB, CNI). */
        String prepared;
        /** The kubelet version prepare-container.sh installed, e.g. {@code v1.31.2}. */
        String version = "";
        /** Whether the CNI configuration prepare-container.sh writes is in place (reset.sh removes it). */
        boolean cni;
        /** PKI files written by write-pki.sh, by parameter name. */
        final Map<String, String> pki = new LinkedHashMap<>();
        JoinState join = JoinState.ABSENT;
        /** Whether this container ran {@code kubeadm init} (it holds admin.conf and serves the API). */
        boolean initialised;
        String cluster;

        Container(String name, String role, long base, long size) {
            this.name = name;
            this.role = role;
            this.base = base;
            this.size = size;
        }

        boolean master() {
            return name.endsWith("-master");
        }
    }

    /** Where a container stands with kubeadm. */
    enum JoinState { ABSENT, PARTIAL, JOINED }

    /** The WireGuard mesh and kubelode's routes and table on the host. */
    record Mesh(String address, String peers, Set<String> routes, String tableId) {}
}
