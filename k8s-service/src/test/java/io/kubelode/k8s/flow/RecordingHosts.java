package io.kubelode.k8s.flow;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.kubelode.k8s.api.KubeObjects;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST DOUBLE for the host side only: stands in for the nodes' shells (no Linode, no LXC, no
 * kubeadm here). Every host script kubelode sends is recorded and checked with the real
 * {@code bash -n}; init/join/reset flip a per-container "joined" state and register or remove the
 * Node (and the control plane's etcd Pod) in Fabric8's CRUD mock API server, which the production
 * verification then reads through the real Fabric8 client. Everything else in the flow — Kafka,
 * the saga, PKI, kubeadm documents, scripts, the verification code — is the production code.
 *
 * <p>The etcd members are kept by peer URL, with the rules the real scripts meet: init and a control
 * plane's join add the container's member (its {@code advertiseAddress} in the kubeadm document it was
 * sent), and etcd refuses a peer URL it lists already ("Peer URLs already exists"); a reset removes
 * its own; {@code etcd-remove-member.sh} removes one only when it runs in a joined control plane (the
 * script asks its own etcd with its admin kubeconfig; elsewhere it finds nothing), and fails when its
 * {@code NODE_NAME} names another control plane's etcd Pod than its own (as the sandbox's kubectl
 * stand-in does; a replaced node's old Pod has no etcd behind it); {@code
 * ensure-token.sh} needs a joined control plane's admin kubeconfig. {@link #replace} stands for a
 * node replaced in place: fresh containers of the same names, the old kubelets gone.
 */
public final class RecordingHosts {
    private static final Pattern HEADER = Pattern.compile("# kubelode: (\\S+) in (\\S+)");
    private static final Pattern CONFIG = Pattern.compile("readonly KUBEADM_CONFIG='([A-Za-z0-9+/=]+)'");
    private static final Pattern ADVERTISE = Pattern.compile("advertiseAddress: (\\S+)");
    private static final Pattern MEMBER_URL = Pattern.compile("readonly MEMBER_PEER_URL='([^']+)'");
    private static final Pattern NODE_NAME = Pattern.compile("readonly NODE_NAME='([^']+)'");
    private static final RecordingHosts INSTANCE = new RecordingHosts();

    /** One script as a node received it. */
    public record Call(String node, String script, String container, long nanos) {
    }

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    private final List<Predicate<Call>> failures = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, Integer> kubeadmRuns = new ConcurrentHashMap<>();
    /** Each cluster's etcd members (the tests' clusters share one address plan): cluster → peer URL → container. */
    private final java.util.Map<String, java.util.Map<String, String>> etcd = new ConcurrentHashMap<>();
    /** Every member removed by etcd-remove-member.sh, as "peer URL through container". */
    private final List<String> removedMembers = new CopyOnWriteArrayList<>();

    private RecordingHosts() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    public static RecordingHosts get() {
        return INSTANCE;
    }

    /** The client of the mock API server. */
    public KubernetesClient client() {
        return client;
    }

    /** A fresh client of the mock API server (the caller closes it). */
    public KubernetesClient newClient() {
        return server.createClient();
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    /** How often init/join really joined a container whose name starts with {@code prefix}. */
    public int kubeadmRuns(String prefix) {
        return kubeadmRuns.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .mapToInt(java.util.Map.Entry::getValue).sum();
    }

    public boolean joined(String container) {
        return joined.contains(container);
    }

    /** The peer URLs of cluster {@code id}'s etcd members. */
    public Set<String> members(String id) {
        return Set.copyOf(etcdOf(id + "-1-master").keySet());
    }

    /** The etcd members of the cluster {@code container} belongs to ({@code <cluster>-<n>-<role>}). */
    private java.util.Map<String, String> etcdOf(String container) {
        return etcd.computeIfAbsent(container.replaceFirst("-\\d+-(master|worker)$", ""),
                c -> new ConcurrentHashMap<>());
    }

    /** The members etcd-remove-member.sh removed, as "peer URL through container". */
    public List<String> removedMembers() {
        return List.copyOf(removedMembers);
    }

    /**
     * The node's instance was replaced: {@code containers} are fresh (nothing joined), the old kubelets
     * stopped posting (their Nodes and etcd Pods NotReady), and a control plane's etcd member stays
     * listed, dead, until it is removed.
     */
    public void replace(String... containers) {
        for (String container : containers) {
            joined.remove(container);
            boolean master = container.endsWith("-master");
            client.nodes().resource(KubeObjects.node(container, false, master)).createOr(r -> r.update());
            if (master) {
                client.pods().inNamespace("kube-system").resource(KubeObjects.etcd(container, false))
                        .createOr(r -> r.update());
            }
        }
    }

    /** Scripts matching {@code rule} exit 1, as a failing kubeadm would. */
    public void failWhen(Predicate<Call> rule) {
        failures.add(rule);
    }

    /** A shell to the node at {@code address}. */
    public NodeShell shell(String address) {
        return new NodeShell() {
            @Override
            public CommandResult run(String script, Duration timeout) {
                return RecordingHosts.this.run(address, script);
            }

            @Override
            public String target() {
                return "root@" + address + ":22 (recording test double)";
            }

            @Override
            public void close() {
            }
        };
    }

    private CommandResult run(String address, String script) {
        Matcher m = HEADER.matcher(script);
        if (!m.find()) {
            return new CommandResult(2, "", "not a kubelode container script");
        }
        Call call = new Call(address, m.group(1), m.group(2), System.nanoTime());
        calls.add(call);
        String syntax = bashSyntax(script);
        if (!syntax.isEmpty()) {
            return new CommandResult(2, "", syntax);
        }
        if (failures.stream().anyMatch(f -> f.test(call))) {
            return new CommandResult(1, "", "[test double] " + call.script() + " failed in " + call.container());
        }
        String container = call.container();
        boolean master = container.endsWith("-master");
        return switch (call.script()) {
            case "join-state.sh" -> new CommandResult(0, NodeShell.UNCHANGED + "\tstate="
                    + (joined(container) ? "joined" : "absent") + "\n", "");
            case "init.sh", "join.sh" -> {
                if (joined.contains(container)) {
                    yield done("", false);
                }
                if (master && call.script().equals("init.sh") && !etcdOf(container).isEmpty()) {
                    yield new CommandResult(1, "", "[test double] kubeadm init beside a running cluster (etcd members "
                            + etcdOf(container).keySet() + "): it would start a second, separate one");
                }
                if (master) {
                    String url = peerUrl(script);
                    if (etcdOf(container).putIfAbsent(url, container) != null) {
                        // etcd's own rule (ErrPeerURLexists): the member of a lost node must be removed first
                        yield new CommandResult(1, "", "[test double] error execution phase control-plane-join/etcd: "
                                + "etcdserver: Peer URLs already exists (" + url + ")");
                    }
                }
                joined.add(container);
                kubeadmRuns.merge(container, 1, Integer::sum);
                client.nodes().resource(KubeObjects.node(container, true, master)).createOr(r -> r.update());
                if (master) {
                    client.pods().inNamespace("kube-system").resource(KubeObjects.etcd(container, true))
                            .createOr(r -> r.update());
                }
                yield done("", true);
            }
            case "reset.sh" -> {
                boolean was = joined.remove(container);
                if (was && master) {
                    etcdOf(container).values().removeIf(container::equals);
                }
                client.nodes().withName(container).delete();
                client.pods().inNamespace("kube-system").withName("etcd-" + container).delete();
                yield done("", was);
            }
            // a failing join here fails before kubeadm adds a member; a lost node's member stays until removed
            case "etcd-remove-member.sh" -> {
                Matcher url = MEMBER_URL.matcher(script);
                if (!url.find()) {
                    yield new CommandResult(2, "", "[test double] no MEMBER_PEER_URL");
                }
                Matcher through = NODE_NAME.matcher(script);
                if (!through.find() || !through.group(1).equals(container)) {
                    // the etcd it asks is NODE_NAME's (kubectl exec etcd-NODE_NAME): the sandbox's kubectl
                    // stand-in execs in the control plane's own etcd Pod only, a dead node's has none
                    yield new CommandResult(1, "", "[test double] kubectl exec etcd-"
                            + (through.find(0) ? through.group(1) : "?") + " from " + container + ": not its own etcd");
                }
                // no admin.conf in a container that has not joined: the script asks nothing and removes nothing
                boolean removed = joined.contains(container) && etcdOf(container).remove(url.group(1)) != null;
                if (removed) {
                    removedMembers.add(url.group(1) + " through " + container);
                }
                yield done("", removed);
            }
            case "ensure-token.sh" -> joined.contains(container) ? done("", true)
                    : new CommandResult(1, "", "[test double] error: stat /etc/kubernetes/admin.conf: no such file or directory");
            default -> done("", true);
        };
    }

    /** The etcd peer URL of the control plane a kubeadm document (init or control-plane join) advertises. */
    private static String peerUrl(String script) {
        Matcher config = CONFIG.matcher(script);
        if (!config.find()) {
            throw new IllegalStateException("no KUBEADM_CONFIG in the script");
        }
        Matcher address = ADVERTISE.matcher(new String(java.util.Base64.getDecoder().decode(config.group(1)),
                StandardCharsets.UTF_8));
        if (!address.find()) {
            throw new IllegalStateException("no advertiseAddress in the kubeadm document");
        }
        return "https://" + address.group(1) + ":2380";
    }

    private static CommandResult done(String line, boolean changed) {
        String out = (line.isEmpty() ? "" : line + "\n") + (changed ? NodeShell.CHANGED : NodeShell.UNCHANGED) + "\n";
        return new CommandResult(0, out, "");
    }

    /** The real {@code bash -n} over the host script (not run: syntax only). */
    private static String bashSyntax(String script) {
        try {
            Process p = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
            try (OutputStream in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return p.exitValue() == 0 ? "" : "bash -n: " + out;
        } catch (IOException e) {
            return "cannot run bash -n: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
