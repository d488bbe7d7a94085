package io.kubelode.sandbox.host;

import io.kubelode.sandbox.cloud.Instance;
import io.kubelode.sandbox.fault.Scope;
import io.kubelode.sandbox.host.HostState.Container;
import io.kubelode.sandbox.host.HostState.JoinState;
import io.kubelode.sandbox.kube.ClusterApis;
import io.kubelode.sandbox.kube.KubeCluster;
import io.kubelode.sandbox.kube.ServerIdentity;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The k8s layer's scripts, each wrapped to run in one container ({@code # kubelode: <script> in
 * <container>}): what kubeadm, kubectl and etcdctl would do there, with the cluster's API as the
 * shared state between nodes. {@code init.sh} starts that API (with the certificate
 * {@code write-pki.sh} delivered); joins register their Node (and a control plane's etcd Pod);
 * {@code reset.sh} takes them out again.
 */
final class KubeadmScripts {
    static final Pattern HEADER = Pattern.compile("(?m)^# kubelode: (\\S+\\.sh) in (\\S+)$");
    /** The parameters of write-pki.sh: the files kubelode delivers to a control plane. */
    static final List<String> PKI = List.of("CA_CRT", "CA_KEY", "ETCD_CA_CRT", "ETCD_CA_KEY", "FRONT_PROXY_CA_CRT",
            "FRONT_PROXY_CA_KEY", "SA_KEY", "SA_PUB", "APISERVER_CRT", "APISERVER_KEY", "APISERVER_PATCH");
    private static final List<String> PREPARE = List.of("K8S_VERSION", "CONTAINERD_VERSION", "ENDPOINT_NAME",
            "CONTAINERD_CONFIG", "HAPROXY_CONFIG", "SYSCTL_CONFIG");

    private final ClusterApis apis;

    KubeadmScripts(ClusterApis apis) {
        this.apis = apis;
    }

    /** The answer, or empty for a script this host does not know (the generic answer then applies). */
    Optional<HostReply> answer(Instance instance, HostState host, ScriptText s, String script, String name) {
        Container c = host.containers.get(name);
        if (c == null) {
            return Optional.of(HostReply.failed(1, "Error: Instance not found\nkubelode: no container " + name
                    + " on this host"));
        }
        if (!c.role.equals(s.require("ROLE"))) {
            return Optional.of(HostReply.failed(1, "kubelode: container " + name + " is the " + c.role
                    + " container, not the " + s.require("ROLE")));
        }
        if (!c.running) {
            return Optional.of(HostReply.failed(1, "Error: Instance is not running"));
        }
        HostReply.Run run = new HostReply.Run();
        String etc = s.value("K8S_ETC").orElse("/etc/kubernetes");
        String cluster = clusterOf(instance, c);
        return Optional.ofNullable(switch (script) {
            case "prepare-container.sh" -> prepare(c, s, run);
            case "write-pki.sh" -> writePki(c, s, run);
            case "join-state.sh" -> run.fact("state", c.join.name().toLowerCase()).done();
            case "init.sh" -> init(instance, c, s, run, cluster, etc);
            case "ensure-token.sh" -> ensureToken(c, s, run, cluster, etc);
            case "join.sh" -> join(instance, c, s, run, cluster);
            case "etcd-remove-member.sh" -> removeMember(c, s, run, cluster);
            case "reset.sh" -> reset(c, run, cluster);
            default -> null;
        });
    }

    /** A fault failed init/join: kubeadm stopped half-way and left files (and a control plane's etcd member). */
    void failedHalfway(Instance instance, HostState host, String script, String name) {
        Container c = host.containers.get(name);
        if (c == null || c.prepared == null || c.join == JoinState.JOINED
                || !("init.sh".equals(script) || "join.sh".equals(script))) {
            return;
        }
        c.join = JoinState.PARTIAL;
        if ("join.sh".equals(script) && c.master()) {
            apis.get(clusterOf(instance, c)).ifPresent(api -> api.addMemberOnly(c.name, c.address));
        }
    }

    /** The host (or its containers) went away: their kubelets stop posting status. */
    void lost(Instance instance, Container c) {
        if (c.join == JoinState.JOINED) {
            apis.get(clusterOf(instance, c)).ifPresent(api -> api.nodeLost(c.name));
        }
    }

    private HostReply prepare(Container c, ScriptText s, HostReply.Run run) {
        StringBuilder key = new StringBuilder();
        PREPARE.forEach(p -> key.append(p).append('=').append(s.require(p)).append('\n'));
        String hash = ScriptText.sha256(key.toString());
        if (c.prepared == null) {
            run.changed("Setting up containerd (" + s.require("CONTAINERD_VERSION") + ") ...");
            run.changed("Setting up kubeadm (" + s.require("K8S_VERSION") + "-1.1) ...");
        } else if (!hash.equals(c.prepared)) {
            run.changed(null);
        }
        if (!c.cni) {
            c.cni = true;
            run.changed(null);
        }
        c.prepared = hash;
        c.version = "v" + s.require("K8S_VERSION");
        return run.done();
    }

    private HostReply writePki(Container c, ScriptText s, HostReply.Run run) {
        for (String file : PKI) {
            Optional<String> content = s.file(file);
            if (content.isPresent() && !content.get().equals(c.pki.get(file))) {
                c.pki.put(file, content.get());
                run.changed(null);
            }
        }
        return run.done();
    }

    private HostReply init(Instance instance, Container c, ScriptText s, HostReply.Run run, String cluster, String etc) {
        if (c.join == JoinState.JOINED && c.initialised) {
            return run.done();
        }
        if (c.join == JoinState.PARTIAL) {
            return run.fail(3, "a previous kubeadm init stopped half-way: reset this node first");
        }
        if (c.prepared == null) {
            return run.fail(127, "bash: line 1: kubeadm: command not found");
        }
        String crt = c.pki.get("APISERVER_CRT");
        String key = c.pki.get("APISERVER_KEY");
        if (c.pki.get("CA_CRT") == null || crt == null || key == null) {
            return run.fail(1, "error execution phase kubeconfig/admin: couldn't create a kubeconfig; the CA files "
                    + "couldn't be loaded: failure loading ca certificate: couldn't load the certificate file "
                    + etc + "/pki/ca.crt: open " + etc + "/pki/ca.crt: no such file or directory");
        }
        KubeCluster api;
        try {
            api = apis.start(cluster, instance.id(), instance.publicIpv4(), ServerIdentity.parse(crt, key));
        } catch (IllegalArgumentException e) {
            return run.fail(1, "error execution phase control-plane: " + e.getMessage());
        } catch (IOException e) {
            return run.fail(1, "[preflight] Some fatal errors occurred:\n\t[ERROR Port-" + apis.port() + "]: Port "
                    + apis.port() + " is in use\nerror execution phase preflight: " + e.getMessage());
        }
        api.registerNode(c.name, c.address, true, c.version, instance.publicIpv4());
        api.controlPlaneOn(c.name, instance.id());
        c.join = JoinState.JOINED;
        c.initialised = true;
        run.note("[init] Using Kubernetes version: " + c.version);
        run.note("[certs] Using existing ca certificate authority");
        run.note("[etcd] Creating static Pod manifest for local etcd in \"" + etc + "/manifests\"");
        return run.changed("Your Kubernetes control-plane has initialized successfully!").done();
    }

    private HostReply ensureToken(Container c, ScriptText s, HostReply.Run run, String cluster, String etc) {
        if (!c.master() || c.join != JoinState.JOINED) {
            return run.fail(1, "error: stat " + etc + "/admin.conf: no such file or directory");
        }
        Optional<KubeCluster> api = apis.get(cluster);
        Optional<String> manifest = s.file("TOKEN_SECRET");
        if (api.isEmpty()) {
            return run.fail(1, "The connection to the server was refused - did you specify the right host or port?");
        }
        if (manifest.isEmpty()) {
            return run.fail(1, "error: no objects passed to apply");
        }
        if (!"unchanged".equals(api.get().applySecret(manifest.get()))) {
            run.changed(null);
        }
        return run.done();
    }

    private HostReply join(Instance instance, Container c, ScriptText s, HostReply.Run run, String cluster) {
        if (c.join == JoinState.JOINED) {
            return run.done();
        }
        if (c.join == JoinState.PARTIAL) {
            return run.fail(3, "a previous kubeadm join stopped half-way: reset this node first");
        }
        if (c.prepared == null) {
            return run.fail(127, "bash: line 1: kubeadm: command not found");
        }
        Optional<KubeCluster> api = apis.get(cluster);
        if (api.isEmpty()) {
            return run.fail(1, "error execution phase preflight: couldn't validate the identity of the API Server: "
                    + "Get \"/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s\": dial tcp: "
                    + "connect: connection refused");
        }
        boolean master = "master".equals(s.require("ROLE"));
        if (master && !api.get().served()) {
            // the instance that served the API is gone (its node replaced in place): this control plane serves it
            String crt = c.pki.get("APISERVER_CRT");
            String key = c.pki.get("APISERVER_KEY");
            if (crt == null || key == null) {
                return run.fail(1, "error execution phase control-plane-prepare: couldn't load the apiserver "
                        + "certificate: no such file or directory");
            }
            try {
                apis.serveAt(cluster, instance.id(), instance.publicIpv4(), ServerIdentity.parse(crt, key));
            } catch (IllegalArgumentException e) {
                return run.fail(1, "error execution phase control-plane-prepare: " + e.getMessage());
            } catch (IOException e) {
                return run.fail(1, "[preflight] Some fatal errors occurred:\n\t[ERROR Port-" + apis.port() + "]: Port "
                        + apis.port() + " is in use\nerror execution phase preflight: " + e.getMessage());
            }
        }
        api.get().registerNode(c.name, c.address, master, c.version, instance.publicIpv4());
        if (master) {
            api.get().controlPlaneOn(c.name, instance.id());
        }
        c.join = JoinState.JOINED;
        run.note("[preflight] Running pre-flight checks");
        return run.changed(master ? "This node has joined the cluster and a new control plane instance was created"
                : "This node has joined the cluster").done();
    }

    private HostReply removeMember(Container c, ScriptText s, HostReply.Run run, String cluster) {
        if (!c.master() || c.join != JoinState.JOINED) {
            return run.done(); // no admin.conf here: nothing to ask etcd
        }
        Optional<KubeCluster> api = apis.get(cluster);
        if (api.isEmpty()) {
            return run.fail(1, "The connection to the server was refused - did you specify the right host or port?");
        }
        if (api.get().removeMember(s.require("MEMBER_PEER_URL"))) {
            run.changed("Member removed from cluster");
        }
        return run.done();
    }

    private HostReply reset(Container c, HostReply.Run run, String cluster) {
        if (c.prepared != null && c.join != JoinState.ABSENT) {
            Optional<KubeCluster> api = apis.get(cluster);
            boolean halfJoined = c.master() && c.join == JoinState.PARTIAL && !c.initialised;
            api.ifPresent(a -> a.removeNode(c.name, halfJoined));
            if (api.isPresent() && c.master() && api.get().members().isEmpty()) {
                apis.stop(cluster); // the last control plane is gone, and with it the API
            }
            c.join = JoinState.ABSENT;
            c.initialised = false;
            run.changed("[reset] Removing info for node \"" + c.name + "\" from the ConfigMap \"kubeadm-config\"");
        }
        if (!c.pki.isEmpty()) {
            c.pki.clear();
            run.changed(null);
        }
        if (c.cni) {
            c.cni = false;
            run.changed(null);
        }
        return run.done();
    }

    /** The cluster an instance belongs to: the provisioner's tag, else the lxc layer's cluster id. */
    static String clusterOf(Instance instance, Container c) {
        for (String tag : instance.tags()) {
            if (tag.startsWith(Scope.CLUSTER_TAG_PREFIX)) {
                return tag;
            }
        }
        return Scope.CLUSTER_TAG_PREFIX + (c.cluster != null ? c.cluster : instance.label());
    }

    static Optional<Matcher> header(String text) {
        Matcher m = HEADER.matcher(text);
        return m.find() ? Optional.of(m) : Optional.empty();
    }
}
