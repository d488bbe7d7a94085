package io.kubelode.lxc.host;

import io.kubelode.events.LxcEvent.Container;
import io.kubelode.events.LxcEvent.LxcReady;
import io.kubelode.lxc.plan.ContainerPlan;
import io.kubelode.lxc.plan.LxcPlan;
import io.kubelode.lxc.plan.LxcScript;
import io.kubelode.lxc.plan.ScriptFacts;
import io.kubelode.support.shell.CommandResult;
import io.kubelode.support.shell.NodeShell;
import io.kubelode.support.shell.ShellException;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * The I/O of this layer on one node: runs the rendered scripts through a {@link NodeShell} and
 * turns what they report into LxcReady. Each call is an idempotent ensure.
 */
public final class LxcNode {
    private static final Logger LOG = Logger.getLogger(LxcNode.class);
    /** Package installs and a first debootstrap of the image take minutes. */
    static final Duration HOST_TIMEOUT = Duration.ofMinutes(15);
    static final Duration CONTAINERS_TIMEOUT = Duration.ofMinutes(5);
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
        long t0 = System.nanoTime();
        CommandResult host = run(shell, LxcScript.HOST, plan, HOST_TIMEOUT, LxcStepException.HOST_SETUP_FAILED);
        long t1 = System.nanoTime();
        CommandResult containers = run(shell, LxcScript.CONTAINERS, plan, CONTAINERS_TIMEOUT,
                LxcStepException.CONTAINERS_FAILED);
        long t2 = System.nanoTime();
        ScriptFacts hostFacts = ScriptFacts.parse(host.stdout());
        ScriptFacts facts = ScriptFacts.parse(containers.stdout());
        String selinux = facts.require("selinux");
        LOG.infof("node %d of %s: selinux %s, cgroup %s, modules overlay=%s br_netfilter=%s, sysctls %s, lxd %s",
                plan.node(), plan.clusterId(), selinux, hostFacts.get("cgroup").orElse("?"),
                hostFacts.get("module.overlay").orElse("?"), hostFacts.get("module.br_netfilter").orElse("?"),
                hostFacts.get("sysctls").orElse("?"), hostFacts.get("lxd").orElse("?"));
        if (!"enforcing".equals(selinux)) {
            LOG.warnf("node %d of %s: SELinux is %s, so the two containers are kept apart by their id maps only, "
                    + "not by SELinux contexts", plan.node(), plan.clusterId(), selinux);
        }
        LxcReady ready = new LxcReady(plan.clusterId(), plan.node(), container(plan.master(), facts),
                container(plan.worker(), facts), selinux);
        return new Outcome(ready, host.changed() || containers.changed(), Duration.ofNanos(t1 - t0),
                Duration.ofNanos(t2 - t1));
    }

    /** Removes both containers, the profile and the bridge; true when something was removed. */
    public static boolean release(NodeShell shell, LxcPlan plan) {
        return run(shell, LxcScript.RELEASE, plan, RELEASE_TIMEOUT, LxcStepException.RELEASE_FAILED).changed();
    }

    private static Container container(ContainerPlan c, ScriptFacts facts) {
        String[] idmap = facts.require("idmap." + c.name()).split(":");
        String[] uidMap = facts.require("uid_map." + c.name()).split(":");
        // what the running container's kernel says must be what was asked for
        if (!"0".equals(uidMap[0]) || !idmap[0].equals(uidMap[1]) || !idmap[1].equals(uidMap[2])) {
            throw new LxcStepException(LxcStepException.IDMAP_MISMATCH, c.name() + " runs with uid_map "
                    + String.join(" ", uidMap) + " instead of 0 " + idmap[0] + " " + idmap[1], false);
        }
        return new Container(c.name(), c.owner(), c.address(), Long.parseLong(idmap[0]), Long.parseLong(idmap[1]));
    }

    private static CommandResult run(NodeShell shell, LxcScript script, LxcPlan plan, Duration timeout, String reason) {
        CommandResult result;
        try {
            result = shell.run(script.render(plan), timeout);
        } catch (ShellException e) {
            throw new LxcStepException(LxcStepException.UNREACHABLE, shell.target() + ": " + e.getMessage(), true);
        }
        if (result.exitStatus() != 0) {
            throw new LxcStepException(reason, script.resource() + " on " + shell.target() + " exited "
                    + result.exitStatus() + ": " + result.stderrTail(), false);
        }
        return result;
    }
}
