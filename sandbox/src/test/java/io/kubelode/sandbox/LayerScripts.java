package io.kubelode.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * kubelode's real host scripts, read from the sibling modules' sources and rendered the way each
 * layer renders them (the layers' own renderers are not on this module's classpath):
 * the lxc layer's declared inputs as {@code readonly K='v'} lines after the header (HostScript.render), the k8s layer's
 * {@code readonly} parameters, lib.sh and the body (Script.render) wrapped to run in a container
 * (ContainerScript.wrap).
 */
public final class LayerScripts {
    private LayerScripts() {}

    public static String read(String path) {
        try {
            return Files.readString(Path.of("..").resolve(path), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String baseRole() {
        return read("provisioner-service/src/main/resources/scripts/base-role.sh");
    }

    /** The lxc layer's variables for node {@code n} of {@code cluster} (LxcScript.variables). */
    public static Map<String, String> lxcVariables(String cluster, int n) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("CLUSTER_ID", cluster);
        v.put("PROFILE", "kubelode-" + cluster);
        v.put("BRIDGE", "kubelode0");
        v.put("BRIDGE_CIDR", "10.100." + n + ".1/24");
        v.put("GATEWAY", "10.100." + n + ".1");
        v.put("PREFIX", "24");
        v.put("POOL", "kubelode");
        v.put("IMAGE_ALIAS", "kubelode-debian-12");
        v.put("IMAGE_TARBALL", "/var/cache/kubelode/debian-12-rootfs.tar.gz");
        v.put("RANGES", "master:1000000000:10000000 worker:1010000000:10000000");
        v.put("CONTAINERS", master(cluster, n) + ",master," + masterAddress(n) + ",1000000000:10000000 "
                + worker(cluster, n) + ",worker,10.100." + n + ".3,1010000000:10000000");
        return v;
    }

    public static String master(String cluster, int n) {
        return cluster + "-" + n + "-master";
    }

    public static String worker(String cluster, int n) {
        return cluster + "-" + n + "-worker";
    }

    public static String masterAddress(int n) {
        return "10.100." + n + ".2";
    }

    /** {@code lxd-host.sh}, {@code lxd-containers.sh} or {@code lxd-release.sh} for node n. */
    public static String lxc(String script, String cluster, int n) {
        String text = read("lxc-service/src/main/resources/scripts/" + script);
        Matcher header = HEADER.matcher(text);
        if (!header.lookingAt() || header.group(1) == null) {
            throw new IllegalStateException(script + " declares no inputs");
        }
        StringBuilder head = new StringBuilder();
        Map<String, String> all = lxcVariables(cluster, n);
        for (String input : header.group(1).strip().split(" ")) {
            head.append("readonly ").append(input).append("='").append(all.get(input)).append("'\n");
        }
        // after the shebang, the declared name and the declared inputs (HostScript.render)
        return text.substring(0, header.end()) + head + text.substring(header.end());
    }

    /** The first lines every layer's script file declares: its name and, when it takes any, its inputs. */
    private static final Pattern HEADER = Pattern.compile("#![^\\n]*\\n# kubelode: \\S+\\n(?:# inputs:([^\\n]*)\\n)?");

    /** A k8s-layer script with parameters; values of keys ending in {@code @file} are sent base64-encoded. */
    public static String k8s(String name, String container, Map<String, String> params) {
        StringBuilder s = new StringBuilder("#!/usr/bin/env bash\n# kubelode: ").append(name).append('\n');
        s.append("set -euo pipefail\n");
        params.forEach((k, v) -> {
            boolean file = k.endsWith("@file");
            String key = file ? k.substring(0, k.length() - 5) : k;
            String value = file ? Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)) : v;
            s.append("readonly ").append(key).append("='").append(value.replace("'", "'\\''")).append("'\n");
        });
        s.append(read("k8s-service/src/main/resources/scripts/lib.sh"));
        String file = read("k8s-service/src/main/resources/scripts/" + name);
        Matcher header = HEADER.matcher(file);
        s.append(header.lookingAt() ? file.substring(header.end()) : file);
        String inner = s.toString();
        String role = container.endsWith("-master") ? "master" : "worker";
        return "#!/usr/bin/env bash\n# kubelode: " + name + " in " + container + "\n"
                + "set -euo pipefail\n"
                + "readonly ROLE='" + role + "' CONTAINER='" + container + "'\n"
                + "if ! role=$(lxc config get \"$CONTAINER\" user.kubelode.role); then\n"
                + "  echo \"kubelode: no container $CONTAINER on this host\" >&2\n"
                + "  exit 1\n"
                + "fi\n"
                + "if [[ \"$role\" != \"$ROLE\" ]]; then\n"
                + "  echo \"kubelode: container $CONTAINER is the ${role:-unlabelled} container, not the $ROLE\" >&2\n"
                + "  exit 1\n"
                + "fi\n"
                + "lxc exec \"$CONTAINER\" --mode=non-interactive -- \\\n"
                + "  env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \\\n"
                + "  bash -s <<'KUBELODE_INNER_SCRIPT'\n" + inner + (inner.endsWith("\n") ? "" : "\n")
                + "KUBELODE_INNER_SCRIPT\n";
    }

    /** prepare-container.sh with the cluster's version and the shipped runtime and sysctl files. */
    public static String prepare(String container) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("K8S_VERSION", "1.31.2");
        p.put("K8S_REPO", "https://pkgs.k8s.io/core:/stable:/v1.31/deb/");
        p.put("CONTAINERD_VERSION", "1.6.20~ds1-1+b1");
        p.put("ENDPOINT_NAME", "api.kubelode.internal");
        p.put("CONTAINERD_CONFIG@file", read("k8s-service/src/main/resources/scripts/containerd-config.toml"));
        p.put("HAPROXY_CONFIG@file", "frontend api\n  bind 127.0.0.1:7443\n");
        p.put("CNI_CONFIG@file", "{\"cniVersion\":\"1.0.0\",\"name\":\"kubelode\"}\n");
        p.put("SYSCTL_CONFIG@file", read("k8s-service/src/main/resources/scripts/sysctl.conf"));
        return k8s("prepare-container.sh", container, p);
    }

    public static String writePki(String container, String caCrt, String caKey, String apiCrt, String apiKey) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("K8S_ETC", "/etc/kubernetes");
        p.put("CA_CRT@file", caCrt);
        p.put("CA_KEY@file", caKey);
        p.put("ETCD_CA_CRT@file", caCrt);
        p.put("ETCD_CA_KEY@file", caKey);
        p.put("FRONT_PROXY_CA_CRT@file", caCrt);
        p.put("FRONT_PROXY_CA_KEY@file", caKey);
        p.put("SA_KEY@file", apiKey);
        p.put("SA_PUB@file", "-----BEGIN PUBLIC KEY-----\n-----END PUBLIC KEY-----\n");
        p.put("APISERVER_CRT@file", apiCrt);
        p.put("APISERVER_KEY@file", apiKey);
        p.put("APISERVER_PATCH@file", "[]\n");
        return k8s("write-pki.sh", container, p);
    }

    public static String init(String container) {
        return k8s("init.sh", container, Map.of("K8S_ETC", "/etc/kubernetes",
                "KUBEADM_CONFIG@file", "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"));
    }

    public static String join(String container) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("K8S_ETC", "/etc/kubernetes");
        p.put("ROLE", container.endsWith("-master") ? "master" : "worker");
        p.put("KUBEADM_CONFIG@file", "apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n");
        return k8s("join.sh", container, p);
    }

    public static String joinState(String container) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("K8S_ETC", "/etc/kubernetes");
        p.put("ROLE", container.endsWith("-master") ? "master" : "worker");
        return k8s("join-state.sh", container, p);
    }

    public static String reset(String container) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("K8S_ETC", "/etc/kubernetes");
        p.put("ETCD_DATA", "/var/lib/etcd");
        p.put("CRI_SOCKET", "unix:///run/containerd/containerd.sock");
        return k8s("reset.sh", container, p);
    }

    public static String removeMember(String firstMaster, String peerAddress) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("K8S_ETC", "/etc/kubernetes");
        p.put("NODE_NAME", firstMaster);
        p.put("MEMBER_PEER_URL", "https://" + peerAddress + ":2380");
        return k8s("etcd-remove-member.sh", firstMaster, p);
    }

    public static String ensureToken(String firstMaster, String tokenId, String tokenSecret) {
        String secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: bootstrap-token-" + tokenId
                + "\n  namespace: kube-system\ntype: bootstrap.kubernetes.io/token\nstringData:\n  token-id: " + tokenId
                + "\n  token-secret: " + tokenSecret + "\n  usage-bootstrap-authentication: \"true\"\n";
        return k8s("ensure-token.sh", firstMaster, Map.of("K8S_ETC", "/etc/kubernetes", "TOKEN_SECRET@file", secret));
    }

    /**
     * A script file of a sibling module with its declared inputs set, then its layer's library (the
     * {@code *lib.sh} beside it), as HostScript.render sends it.
     */
    static String render(String path, String libraryName, Map<String, String> inputs) {
        String library = read(path.substring(0, path.lastIndexOf('/') + 1) + libraryName);
        String text = read(path);
        Matcher header = HEADER.matcher(text);
        if (!header.lookingAt()) {
            throw new IllegalStateException(path + " has no kubelode header");
        }
        StringBuilder head = new StringBuilder();
        if (header.group(1) != null) {
            for (String input : header.group(1).strip().split(" ")) {
                String value = inputs.get(input);
                if (value == null) {
                    throw new IllegalArgumentException(path + ": no value for " + input);
                }
                head.append("readonly ").append(input).append("='").append(value.replace("'", "'\\''")).append("'\n");
            }
        }
        return text.substring(0, header.end()) + head + library + text.substring(header.end());
    }

    /**
     * The network layer's apply script for a node with one peer, as NetworkScripts.apply renders
     * {@code mesh-apply.sh}; {@code podRoutes} are pairs of a pod range and its next hop.
     */
    public static String meshApply(String cluster, int n, String meshAddress, String peerKey, String... podRoutes) {
        Map<String, String> in = new LinkedHashMap<>();
        in.put("MESH_ADDRESS", meshAddress);
        in.put("LISTEN_PORT", "51820");
        in.put("PUBLIC_KEY", "pub" + n);
        in.put("MESH_PRIVATE_KEY", "private-key-" + n);
        in.put("PEERS", peerKey + " 127.78.0.9 51820 10.99.0.2/32 " + cluster + "-node-2");
        in.put("MESH_ROUTES", "10.200.0.0/16");
        StringBuilder pods = new StringBuilder();
        for (int i = 0; i < podRoutes.length; i += 2) {
            pods.append(pods.isEmpty() ? "" : " ").append(podRoutes[i]).append('=').append(podRoutes[i + 1]);
        }
        in.put("POD_ROUTES", pods.toString());
        in.put("CLUSTER_RANGES", "");
        in.put("TABLE_ID", "0011223344556677");
        in.put("TABLE_RULES", "0");
        in.put("NFT_DEFINITION", "table inet kubelode_mesh {\n}\n");
        in.put("BOOT_COPY", "");
        return render("network-service/src/main/resources/scripts/mesh-apply.sh", "mesh-lib.sh", in);
    }

    public static String meshRemove() {
        return render("network-service/src/main/resources/scripts/mesh-remove.sh", "mesh-lib.sh", Map.of());
    }
}
