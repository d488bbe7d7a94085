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
 */
public final class RecordingHosts {
    private static final Pattern HEADER = Pattern.compile("# kubelode: (\\S+) in (\\S+)");
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
                if (!joined.add(container)) {
                    yield done("", false);
                }
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
                client.nodes().withName(container).delete();
                client.pods().inNamespace("kube-system").withName("etcd-" + container).delete();
                yield done("", was);
            }
            // a failing join here fails before kubeadm adds a member, and a reset removes the member: none is left over
            case "etcd-remove-member.sh" -> done("", false);
            default -> done("", true);
        };
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
