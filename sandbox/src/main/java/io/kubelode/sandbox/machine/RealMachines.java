package io.kubelode.sandbox.machine;

import io.kubelode.hosts.DebianHost;
import io.kubelode.hosts.HostBridge;
import io.kubelode.sandbox.SandboxConfig;
import io.kubelode.sandbox.cloud.Instance;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The instances as real Debian 12 machines, when {@code kubelode.sandbox.machines.mode=real}: each
 * running instance is a system container ({@link DebianHost}) at its public address on the bridge
 * that stands for the internet (the first address of {@code network.public-ipv4-range} is the
 * bridge's own, this machine's), with root's {@code authorized_keys} as Linode writes them and its
 * {@code metadata.user_data} applied by Debian's real cloud-init. A reboot is a clean shutdown and a
 * boot; a delete destroys the container. In {@code model} mode (the default) nothing here runs and
 * the instances answer scripts from their state model.
 */
@ApplicationScoped
public class RealMachines {
    private static final Logger LOG = Logger.getLogger(RealMachines.class);

    /**
     * Where the lxc layer's host script looks for the Debian 12 rootfs it imports into LXD (it
     * debootstraps one there when it is missing, as on Linode): the sandbox puts the machine's own
     * cached one there, a warm cache instead of a minute of downloads per machine.
     */
    static final String LXD_IMAGE_TARBALL = "/var/cache/kubelode/debian-12-rootfs.tar.gz";

    private final boolean real;
    private final HostBridge bridge;
    private final String prefix;
    private final Map<String, String> gate;
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final Map<Long, DebianHost> machines = new ConcurrentHashMap<>();

    @Inject
    public RealMachines(SandboxConfig config) {
        this(real(config.machines().mode()), real(config.machines().mode())
                ? bridgeOf(config.machines().bridge(), config.network().publicIpv4Range()) : null,
                config.machines().namePrefix(), config.machines().doorPort());
    }

    private static boolean real(String mode) {
        return switch (mode) {
            case "model" -> false;
            case "real" -> true;
            default -> throw new IllegalArgumentException("kubelode.sandbox.machines.mode is 'model' or 'real', not '"
                    + mode + "'");
        };
    }

    public RealMachines(boolean real, HostBridge bridge, String prefix, int doorPort) {
        this.real = real;
        this.bridge = bridge;
        this.prefix = prefix;
        this.gate = real ? gate(bridge.gateway(), doorPort) : Map.of();
        if (real) {
            String why = DebianHost.unavailableReason();
            if (why != null) {
                throw new IllegalStateException("kubelode.sandbox.machines.mode=real needs root and Debian's lxc: " + why);
            }
        }
    }

    /** Whether instances are real machines. */
    public boolean real() {
        return real;
    }

    /** The bridge that stands for the internet ({@code null} in model mode). */
    public HostBridge bridge() {
        return bridge;
    }

    /** The container's name of an instance. */
    public String name(Instance instance) {
        return prefix + "-" + instance.id();
    }

    /** Boots the instance's machine (a left-over one of the same name goes first); returns once its sshd answers. */
    public void boot(Instance instance) {
        synchronized (lock(instance)) {
            // the private IPv4 on eth0 too, as Linode's network helper puts it (the mesh's peers use it)
            String privateAddress = instance.privateIpv4() == null ? null : instance.privateIpv4() + "/17";
            DebianHost host = DebianHost.boot(name(instance), instance.publicIpv4().getHostAddress(), privateAddress,
                    bridge, instance.authorizedKeyLines(), new DebianHost.CloudInit("linode-" + instance.id(), instance.label(),
                            instance.userData()), instance.type().memory(), gate);
            // the cache of what the lxc layer's host script would otherwise debootstrap on the node
            host.copyIn(DebianHost.debianRootfsTarball(), LXD_IMAGE_TARBALL);
            machines.put(instance.id(), host);
            LOG.infof("instance %d (%s): machine %s up at %s", instance.id(), instance.label(), host.name(),
                    host.address());
        }
    }

    /** Reboots the instance's machine, or boots it when it has none; returns once its sshd answers. */
    public void reboot(Instance instance) {
        synchronized (lock(instance)) {
            DebianHost host = machines.get(instance.id());
            if (host == null) {
                boot(instance);
            } else {
                host.reboot();
            }
        }
    }

    /** Destroys the instance's machine; waits for a boot in progress. Nothing happens when it has none. */
    public void destroy(Instance instance) {
        synchronized (lock(instance)) {
            machines.remove(instance.id());
            DebianHost.destroy(name(instance));
        }
        locks.remove(instance.id());
    }

    /** The sandbox stops: its machines go, then the bridge that stood for the internet. */
    @PreDestroy
    void destroyAll() {
        for (Long id : List.copyOf(machines.keySet())) {
            DebianHost host = machines.remove(id);
            if (host != null) {
                host.close();
            }
        }
        if (real) {
            bridge.remove();
        }
    }

    /**
     * sshd's ForceCommand on every machine: a kubelode script is checked against the sandbox's
     * {@code fail-commands} faults by the name its header declares before it runs
     * ({@code standin/ssh-gate}, {@code MachineDoor}).
     */
    private static Map<String, String> gate(String doorHost, int doorPort) {
        try (java.io.InputStream in = RealMachines.class.getResourceAsStream("/standin/ssh-gate")) {
            String script = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("@DOOR_HOST@", doorHost).replace("@DOOR_PORT@", Integer.toString(doorPort));
            return Map.of("/usr/local/sbin/kubelode-sandbox-gate", script,
                    "/etc/ssh/sshd_config.d/kubelode-sandbox.conf",
                    "# kubelode sandbox: faults by script name (the sandbox's real machines only)\n"
                            + "ForceCommand /usr/local/sbin/kubelode-sandbox-gate\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Object lock(Instance instance) {
        return locks.computeIfAbsent(instance.id(), id -> new Object());
    }

    /** The bridge whose own address is the first of the public range (a /24). */
    static HostBridge bridgeOf(String name, String range) {
        String[] parts = range.split("/");
        int prefix = Integer.parseInt(parts[1]);
        if (prefix != 24) {
            throw new IllegalArgumentException("with real machines, network.public-ipv4-range is a /24, not " + range);
        }
        try {
            byte[] a = InetAddress.getByName(parts[0]).getAddress();
            String net = (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + ".";
            return new HostBridge(name, net + "1", prefix, net + "0/" + prefix);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("network.public-ipv4-range is not an IPv4 range: " + range, e);
        }
    }
}
