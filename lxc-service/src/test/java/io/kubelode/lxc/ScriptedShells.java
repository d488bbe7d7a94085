package io.kubelode.lxc;

import io.kubelode.events.ProvisionerEvent.NodeProvisioned;
import io.kubelode.lxc.host.NodeShellFactory;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hosts for the flow test: they answer the rendered scripts as a real host would (facts, last
 * line), record what ran, and can fail a step. The LXD host step of cluster {@link #CONCURRENT}
 * only succeeds when all three nodes are in it at the same time, so a service working the nodes
 * of a cluster one after another fails the test. Node 3 of every cluster answers as a host whose
 * kernel enforces AppArmor with both containers confined; the others as this machine (no AppArmor).
 */
@ApplicationScoped
public class ScriptedShells implements NodeShellFactory {
    static final String CONCURRENT = "flow-ok";
    /** Nodes 2 and 3 of this cluster, and of every cluster whose id starts with it, fail their containers step. */
    static final String FAILING = "flow-fail";
    /** Its LXD host step takes a second: the provisioner's failure arrives while it runs. */
    static final String SLOW_HOST = "flow-slow";
    /** Its LXD host step takes a second too: the delete (NetworkReleased) arrives while it runs. */
    static final String SLOW_DELETE = "flow-slowdel";
    /** Node 3's LXD host step fails at once; nodes 1 and 2 take a second over theirs. */
    static final String HOST_FAILS = "flow-hostfail";
    private static final Pattern CONTAINERS = Pattern.compile("(?m)^readonly CONTAINERS='([^']*)'$");

    private final List<String> ran = new CopyOnWriteArrayList<>();
    private final Map<String, CountDownLatch> together = new ConcurrentHashMap<>();

    /** Every step run so far, as {@code cluster/node/step} (a method: the bean is reached through a proxy). */
    public List<String> ran() {
        return List.copyOf(ran);
    }

    @Override
    public NodeShell open(NodeProvisioned node) {
        return new NodeShell() {
            @Override
            public CommandResult run(String script, Duration timeout) {
                // by the name the script declares on its second line
                String step = script.contains("\n# kubelode: lxd-host.sh\n") ? "host"
                        : script.contains("\n# kubelode: lxd-containers.sh\n") ? "containers" : "release";
                ran.add(node.clusterId() + "/" + node.node() + "/" + step);
                return answer(node, step, script);
            }

            @Override
            public String target() {
                return "scripted:" + node.publicIpv4();
            }

            @Override
            public void close() {
            }
        };
    }

    private CommandResult answer(NodeProvisioned node, String step, String script) {
        switch (step) {
            case "host" -> {
                if (CONCURRENT.equals(node.clusterId())) {
                    CountDownLatch all = together.computeIfAbsent(node.clusterId(), k -> new CountDownLatch(3));
                    all.countDown();
                    try {
                        if (!all.await(60, TimeUnit.SECONDS)) {
                            return new CommandResult(1, "", "the nodes were not worked on concurrently");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (HOST_FAILS.equals(node.clusterId()) && node.node() == 3) {
                    return new CommandResult(1, "", "lxd-host.sh failed: injected on node 3");
                }
                if (SLOW_HOST.equals(node.clusterId()) || SLOW_DELETE.equals(node.clusterId())
                        || HOST_FAILS.equals(node.clusterId())) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return new CommandResult(0, "kubelode:changed\tselinux=disabled\tapparmor="
                        + (node.node() == 3 ? "enabled" : "unavailable") + "\n", "");
            }
            case "containers" -> {
                if (node.clusterId().startsWith(FAILING) && node.node() >= 2) {
                    return new CommandResult(1, "", "lxd-containers: lxcit-" + node.node() + "-master did not take 10.100."
                            + node.node() + ".2/24");
                }
                String apparmor = node.node() == 3 ? "enabled" : "unavailable";
                StringBuilder out = new StringBuilder("kubelode:changed\tselinux=disabled\tapparmor=" + apparmor);
                Matcher m = CONTAINERS.matcher(script);
                if (!m.find()) {
                    return new CommandResult(1, "", "no CONTAINERS variable");
                }
                for (String entry : m.group(1).split(" ")) {
                    String name = entry.split(",")[0];
                    String range = entry.split(",")[3];
                    out.append("\tidmap.").append(name).append('=').append(range);
                    out.append("\tuid_map.").append(name).append("=0:").append(range);
                    out.append("\tapparmor.").append(name).append('=').append(node.node() == 3 ? "enforce" : "unavailable");
                }
                return new CommandResult(0, out + "\n", "");
            }
            default -> {
                return new CommandResult(0, "kubelode:changed\n", "");
            }
        }
    }
}
