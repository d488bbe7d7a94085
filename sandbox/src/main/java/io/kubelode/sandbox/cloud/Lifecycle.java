package io.kubelode.sandbox.cloud;

import io.kubelode.sandbox.SandboxConfig;
import io.kubelode.sandbox.api.ApiException;
import io.kubelode.sandbox.fault.Faults;
import io.kubelode.sandbox.host.Hosts;
import io.kubelode.sandbox.machine.RealMachines;
import io.kubelode.sandbox.ssh.SshServers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Moves instances through provisioning → booting → running (or offline when created with
 * {@code booted: false}) with the configured delays, records account events, and starts or
 * stops the instance's SSH server. A deleted instance's host state (and an API it served) goes with it. Actions on a busy instance answer "Linode busy.".
 * With real machines ({@link RealMachines}) a boot is the machine's boot and the instance is
 * {@code running} once its sshd answers; a delete destroys the machine.
 */
@ApplicationScoped
public class Lifecycle {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    private final SandboxConfig.Delays delays;
    private final EventLog events;
    private final SshServers ssh;
    private final Faults faults;
    private final Hosts hosts;
    private final RealMachines machines;
    private final ExecutorService machineWork = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sandbox-machine");
        t.setDaemon(true);
        return t;
    });
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sandbox-lifecycle");
        t.setDaemon(true);
        return t;
    });

    public Lifecycle(SandboxConfig config, EventLog events, SshServers ssh, Faults faults, Hosts hosts,
                     RealMachines machines) {
        this.hosts = hosts;
        this.machines = machines;
        this.delays = config.delays();
        this.events = events;
        this.ssh = ssh;
        this.faults = faults;
    }

    void provision(Instance instance, boolean boot) {
        Event create = events.started("linode_create", instance);
        later(delays.provisioning(), () -> {
            synchronized (instance) {
                if (instance.status() != Status.PROVISIONING) {
                    return; // deleted meanwhile
                }
                events.finish(create);
                if (boot) {
                    startBoot(instance, Status.BOOTING, "linode_boot");
                } else {
                    instance.status(Status.OFFLINE, clock.instant());
                }
            }
        });
    }

    void boot(Instance instance) {
        synchronized (instance) {
            if (instance.status().busy()) {
                throw ApiException.busy();
            }
            if (instance.status() == Status.OFFLINE) {
                startBoot(instance, Status.BOOTING, "linode_boot");
            }
        }
    }

    void reboot(Instance instance) {
        synchronized (instance) {
            if (instance.status().busy()) {
                throw ApiException.busy();
            }
            ssh.stop(instance.id());
            startBoot(instance, Status.REBOOTING, instance.status() == Status.OFFLINE ? "linode_boot" : "linode_reboot");
        }
    }

    void delete(Instance instance) {
        synchronized (instance) {
            instance.status(Status.DELETING, clock.instant());
            ssh.stop(instance.id());
        }
        if (machines.real()) {
            machines.destroy(instance);
        }
        hosts.forget(instance);
        events.finished("linode_delete", instance);
    }

    /** Caller holds the instance's lock. */
    private void startBoot(Instance instance, Status phase, String action) {
        instance.status(phase, clock.instant());
        Event boot = events.started(action, instance);
        Duration delay = delays.boot().plus(faults.extraBoot(instance.label()));
        if (machines.real()) {
            later(delay, () -> machineWork.execute(() -> bootMachine(instance, phase, boot)));
            return;
        }
        later(delay, () -> {
            synchronized (instance) {
                if (instance.status() != phase) {
                    return;
                }
                try {
                    ssh.start(instance);
                    instance.status(Status.RUNNING, clock.instant());
                    events.finish(boot);
                } catch (RuntimeException e) {
                    LOG.errorf("instance %d (%s) cannot start its SSH server: %s", instance.id(), instance.label(), e.getMessage());
                    instance.status(Status.OFFLINE, clock.instant());
                    events.fail(boot);
                }
            }
        });
    }

    /** The machine boots (or reboots) outside the instance's lock: it takes seconds. */
    private void bootMachine(Instance instance, Status phase, Event boot) {
        try {
            if (phase == Status.REBOOTING) {
                machines.reboot(instance);
            } else {
                machines.boot(instance);
            }
        } catch (RuntimeException e) {
            LOG.errorf("instance %d (%s): its machine did not come up: %s", instance.id(), instance.label(),
                    e.getMessage());
            synchronized (instance) {
                if (instance.status() == phase) {
                    instance.status(Status.OFFLINE, clock.instant());
                    events.fail(boot);
                }
            }
            return;
        }
        synchronized (instance) {
            if (instance.status() == phase) {
                instance.status(Status.RUNNING, clock.instant());
                events.finish(boot);
                return;
            }
        }
        if (instance.status() == Status.DELETING) {
            machines.destroy(instance); // deleted while it booted
        }
    }

    private void later(Duration delay, Runnable step) {
        timer.schedule(() -> {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.error("life-cycle step failed", e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        machineWork.shutdownNow();
    }
}
