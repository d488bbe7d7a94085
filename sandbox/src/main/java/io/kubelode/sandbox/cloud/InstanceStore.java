package io.kubelode.sandbox.cloud;

import io.kubelode.sandbox.SandboxConfig;
import io.kubelode.sandbox.api.ApiException;
import io.kubelode.sandbox.machine.RealMachines;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The account's instances: numeric increasing ids, labels unique per account, one public
 * loopback address each. Status changes go through {@link Lifecycle}.
 */
@ApplicationScoped
public class InstanceStore {
    /** Linode's reason for a second instance with a label in use (clients adopt on it). */
    public static final String LABEL_TAKEN = "Label must be unique among your Linodes";

    private final AtomicLong ids = new AtomicLong(10_000_000);
    private final AtomicLong privateHosts = new AtomicLong();
    private final Map<Long, Instance> instances = new LinkedHashMap<>();
    private final AddressPool publicAddresses;
    private final Lifecycle lifecycle;
    private final Clock clock = Clock.systemUTC();

    public InstanceStore(SandboxConfig config, Lifecycle lifecycle, RealMachines machines) {
        // another process's instance (or API server) on an address would take this one's SSH or API port;
        // real machines live on their bridge, whose gateway is this machine
        this.publicAddresses = new AddressPool(config.network().publicIpv4Range(), machines.real()
                ? a -> !a.getHostAddress().equals(machines.bridge().gateway())
                : AddressPool.bindable(config.network().sshPort(), config.kube().port()));
        this.lifecycle = lifecycle;
    }

    /** Creates an instance in {@code provisioning} and starts its life cycle. */
    public Instance create(InstanceRequest request) {
        Instance instance;
        synchronized (this) {
            if (request.label() != null && byLabel(request.label()).isPresent()) {
                throw ApiException.badRequest("label", LABEL_TAKEN);
            }
            long id = ids.incrementAndGet();
            InstanceRequest named = request.label() != null ? request : withLabel(request, "linode" + id);
            InetAddress address = publicAddresses.allocate();
            String privateIp = named.privateIp() ? nextPrivateIpv4() : null;
            String ipv6 = String.format("2600:3c03::f03c:95ff:fe%02x:%04x/128", (id >> 16) & 0xFF, id & 0xFFFF);
            instance = new Instance(id, named, Catalogue.type(named.type()).orElseThrow(), address, privateIp, ipv6,
                    UUID.nameUUIDFromBytes(("host-" + id).getBytes()).toString(), clock.instant());
            instances.put(id, instance);
        }
        lifecycle.provision(instance, request.booted());
        return instance;
    }

    public synchronized Optional<Instance> get(long id) {
        return Optional.ofNullable(instances.get(id));
    }

    public Instance require(long id) {
        return get(id).orElseThrow(ApiException::notFound);
    }

    public synchronized List<Instance> list() {
        List<Instance> all = new ArrayList<>(instances.values());
        all.sort(Comparator.comparingLong(Instance::id));
        return all;
    }

    public synchronized int size() {
        return instances.size();
    }

    /** Deletes at once: the SSH server closes, the label and the address are free again. */
    public void delete(long id) {
        Instance instance;
        synchronized (this) {
            instance = instances.remove(id);
            if (instance == null) {
                throw ApiException.notFound();
            }
        }
        lifecycle.delete(instance);
        publicAddresses.release(instance.publicIpv4());
    }

    public void boot(long id) {
        lifecycle.boot(require(id));
    }

    public void reboot(long id) {
        lifecycle.reboot(require(id));
    }

    /** Deletes every instance. */
    public void reset() {
        List<Instance> all;
        synchronized (this) {
            all = new ArrayList<>(instances.values());
            instances.clear();
        }
        for (Instance instance : all) {
            lifecycle.delete(instance);
        }
        publicAddresses.releaseAll();
    }

    private Optional<Instance> byLabel(String label) {
        return instances.values().stream().filter(i -> i.label().equals(label)).findFirst();
    }

    private String nextPrivateIpv4() {
        // Linode's private range is 192.168.128.0/17; a real machine has it on eth0 (RealMachines), the model only reports it
        long n = privateHosts.incrementAndGet() % (128 * 254);
        return "192.168." + (128 + n / 254) + "." + (1 + n % 254);
    }

    private static InstanceRequest withLabel(InstanceRequest r, String label) {
        return new InstanceRequest(label, r.region(), r.type(), r.image(), r.tags(), r.group(), r.privateIp(),
                r.booted(), r.hasUserData(), r.hostKey(), r.authorizedKeys(), r.userData(), r.authorizedKeyLines());
    }
}
