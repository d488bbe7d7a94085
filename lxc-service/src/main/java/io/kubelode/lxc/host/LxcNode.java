package io.kubelode.lxc.host;

import io.kubelode.events.FailureReason;
import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.lxc.plan.ContainerPlan;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.lxc.plan.LxcScript;
import io.kubelode.lxc.plan.ScriptFacts;
import io.kubelode.nodeshell.CommandResult;
import io.kubelode.nodeshell.NodeShell;
import io.kubelode.nodeshell.ShellException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jboss.logging.Logger;

/**
 * The I/O of this layer on one node: runs the rendered scripts through a {@link NodeShell} and
 * turns what they report into LxcReady. Each call is an idempotent ensure.
 */
public final class LxcNode {
    private static final Logger LOG = Logger.getLogger(LxcNode.class);
    /** Package installs and a first debootstrap of the image take minutes. */
    static final Duration HOST_TIMEOUT = Duration.ofMinutes(15);
    /**
     * Two containers, each fetching apt's lists and installing its security updates (and unattended-upgrades
     * where the image lacks it).
     */
    static final Duration CONTAINERS_TIMEOUT = Duration.ofMinutes(15);
    static final Duration RELEASE_TIMEOUT = Duration.ofMinutes(3);

    /**
     * What one ensure did.
     *
     * @param ready      the event to publish
     * @param changed    whether either script changed anything
     * @param hostTime   time of the host script
     * @param containersTime time of the containers script
     */
    public record Outcome(LxcReady ready, boolean changed, Duration hostTime, Duration containersTime) {
    }

    private LxcNode() {
    }

    /** Makes LXD and both containers of the plan exist, running, mapped and addressed. */
    public static Outcome ensure(NodeShell shell, LxcPlan plan) {
        return ensure(shell, plan, () -> false);
    }

    /**
     * As {@link #ensure(NodeShell, LxcPlan)}, but between the host script and the containers script asks
     * {@code stop} (the cluster is rolled back or released meanwhile, a sibling node having failed): then
     * no container is made, and {@link StoppedForRelease} is thrown. The host script is never cut short: a script stopped half-way could leave what no release knows of.
     */
    public static Outcome ensure(NodeShell shell, LxcPlan plan, BooleanSupplier stop) {
        long t0 = System.nanoTime();
        CommandResult host = run(shell, LxcScript.HOST, plan, HOST_TIMEOUT, FailureReason.LXD_HOST_SETUP_FAILED);
        long t1 = System.nanoTime();
        logSteps(plan, host);
        if (stop.getAsBoolean()) {
            throw new StoppedForRelease("node " + plan.node() + " of " + plan.clusterId()
                    + ": the cluster is rolled back or released, so its containers are not made");
        }
        CommandResult containers = run(shell, LxcScript.CONTAINERS, plan, CONTAINERS_TIMEOUT,
                FailureReason.LXD_CONTAINERS_FAILED);
        long t2 = System.nanoTime();
        logSteps(plan, containers);
        ScriptFacts hostFacts = ScriptFacts.parse(host.stdout());
        ScriptFacts facts = ScriptFacts.parse(containers.stdout());
        String selinux = facts.require("selinux");
        LOG.infof("node %d of %s: selinux %s, cgroup %s, modules overlay=%s br_netfilter=%s, sysctls %s, lxd %s",
                plan.node(), plan.clusterId(), selinux, hostFacts.get("cgroup").orElse("?"),
                hostFacts.get("module.overlay").orElse("?"), hostFacts.get("module.br_netfilter").orElse("?"),
                hostFacts.get("sysctls").orElse("?"), hostFacts.get("lxd").orElse("?"));
        Container master = container(plan.master(), facts);
        Container worker = container(plan.worker(), facts);
        List<String> walls = walls(plan, hostFacts, facts);
        LOG.infof("node %d of %s: walls %s (AppArmor in the kernel: %s, %s %s, %s %s; SELinux %s); updates %s %s, %s %s",
                plan.node(), plan.clusterId(), walls, hostFacts.get("apparmor").orElse("?"),
                plan.master().name(), facts.get("apparmor." + plan.master().name()).orElse("?"),
                plan.worker().name(), facts.get("apparmor." + plan.worker().name()).orElse("?"), selinux,
                plan.master().name(), facts.get("updates." + plan.master().name()).orElse("?"),
                plan.worker().name(), facts.get("updates." + plan.worker().name()).orElse("?"));
        if (!walls.contains(LxcReady.APPARMOR) && !walls.contains(LxcReady.SELINUX)) {
            LOG.warnf("node %d of %s: neither AppArmor nor SELinux is enforced here, so the two containers are kept "
                    + "apart by their id maps only", plan.node(), plan.clusterId());
        }
        LxcReady ready = new LxcReady(plan.clusterId(), plan.node(), master, worker, selinux, walls);
        return new Outcome(ready, host.changed() || containers.changed(), Duration.ofNanos(t1 - t0),
                Duration.ofNanos(t2 - t1));
    }

    /**
     * The walls between the node's two containers, from what the scripts found: the id maps always
     * (the caller has checked both running containers' uid maps against them); AppArmor only when the
     * host kernel has it enabled and both containers' init processes run in enforce mode under the
     * LXD profile carrying kubelode's rules (fact {@code apparmor.<container>=enforce}); SELinux only
     * when it is enforcing (the script then gives each container a context of its own). A fact a
     * script did not report counts as not enforced.
     */
    public static List<String> walls(LxcPlan plan, ScriptFacts hostFacts, ScriptFacts containerFacts) {
        List<String> walls = new ArrayList<>(List.of(LxcReady.IDMAP));
        boolean kernel = "enabled".equals(hostFacts.get("apparmor").orElse(""))
                && "enabled".equals(containerFacts.get("apparmor").orElse(""));
        if (kernel && plan.containers().stream()
                .allMatch(c -> "enforce".equals(containerFacts.get("apparmor." + c.name()).orElse("")))) {
            walls.add(LxcReady.APPARMOR);
        }
        if ("enforcing".equals(containerFacts.get("selinux").orElse(""))) {
            walls.add(LxcReady.SELINUX);
        }
        return List.copyOf(walls);
    }

    /** Removes both containers, the profile and the bridge; true when something was removed. */
    public static boolean release(NodeShell shell, LxcPlan plan) {
        return run(shell, LxcScript.RELEASE, plan, RELEASE_TIMEOUT, FailureReason.LXD_RELEASE_FAILED).changed();
    }

    /** What a script said it did, and when (its own log lines, "lxd-host: ... (at 12 s)"): no secret is in them. */
    private static void logSteps(LxcPlan plan, CommandResult result) {
        result.stderr().lines().filter(l -> l.startsWith("lxd-host: ") || l.startsWith("lxd-containers: "))
                .forEach(l -> LOG.infof("node %d of %s: %s", plan.node(), plan.clusterId(), l));
    }

    private static Container container(ContainerPlan c, ScriptFacts facts) {
        String[] idmap = facts.require("idmap." + c.name()).split(":");
        String[] uidMap = facts.require("uid_map." + c.name()).split(":");
        // what LXD was told and what the running container's kernel says must be what the plan asks for
        if (!c.range().equals(idmap[0] + ":" + idmap[1])) {
            throw new LxcStepException(FailureReason.IDMAP_MISMATCH, c.name() + " is mapped to " + idmap[0] + "+"
                    + idmap[1] + " instead of " + c.idmapStart() + "+" + c.idmapSize(), false);
        }
        if (!"0".equals(uidMap[0]) || !idmap[0].equals(uidMap[1]) || !idmap[1].equals(uidMap[2])) {
            throw new LxcStepException(FailureReason.IDMAP_MISMATCH, c.name() + " runs with uid_map "
                    + String.join(" ", uidMap) + " instead of 0 " + idmap[0] + " " + idmap[1], false);
        }
        return new Container(c.name(), c.role(), c.address(), Long.parseLong(idmap[0]), Long.parseLong(idmap[1]));
    }

    private static CommandResult run(NodeShell shell, LxcScript script, LxcPlan plan, Duration timeout,
                                     FailureReason reason) {
        CommandResult result;
        try {
            result = shell.run(script.render(plan), timeout);
        } catch (ShellException e) {
            throw new LxcStepException(FailureReason.NODE_UNREACHABLE, shell.target() + ": " + e.getMessage(), true);
        }
        if (result.exitStatus() != 0) {
            throw new LxcStepException(reason, script.resource() + " on " + shell.target() + " exited "
                    + result.exitStatus() + ": " + result.stderrTail(), false);
        }
        return result;
    }
}
