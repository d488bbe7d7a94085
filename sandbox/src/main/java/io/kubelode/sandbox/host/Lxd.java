package io.kubelode.sandbox.host;

import io.kubelode.sandbox.host.HostState.Container;
import java.util.List;

/**
 * The lxc layer's scripts ({@code lxd-host.sh}, {@code lxd-containers.sh}, {@code lxd-release.sh})
 * against the host's state, with the facts they print. The sandbox's image is Debian 12 without
 * SELinux, so {@code selinux=disabled}: the containers are kept apart by their id maps only.
 */
final class Lxd {
    private static final List<String> PACKAGES = List.of("lxd", "lxd-client", "dnsmasq-base", "iptables", "uidmap",
            "squashfs-tools", "xz-utils", "debootstrap");
    private static final List<String> SYSCTLS = List.of("net.ipv4.ip_forward=1", "net.bridge.bridge-nf-call-iptables=1",
            "net.bridge.bridge-nf-call-ip6tables=1", "vm.overcommit_memory=1", "kernel.panic=10",
            "kernel.panic_on_oops=1", "kernel.keys.root_maxkeys=1000000", "kernel.keys.root_maxbytes=25000000");
    private static final String SYSCTL_FILE = "/etc/sysctl.d/61-kubelode-kubelet.conf";
    /** The subordinate range Debian's lxd package gives root and {@code _lxd}, as the real hosts show. */
    private static final String LXD_DEFAULT_RANGE = "100000:10000001";

    private Lxd() {}

    static HostReply host(HostState host, ScriptText s) {
        HostReply.Run run = new HostReply.Run();
        List<String> missing = PACKAGES.stream().filter(p -> !host.packages.contains(p)).toList();
        if (!missing.isEmpty()) {
            host.packages.addAll(missing);
            run.changed("lxd-host: installed " + String.join(" ", missing));
            if (missing.contains("lxd")) {
                // what Debian's lxd package adds on installation: the range of LXD's non-isolated containers
                for (String file : List.of("subuid", "subgid")) {
                    host.subids.get(file).addAll(List.of("_lxd:" + LXD_DEFAULT_RANGE, "root:" + LXD_DEFAULT_RANGE));
                }
            }
        }
        for (String file : List.of("subuid", "subgid")) {
            for (String entry : s.require("RANGES").trim().split("\\s+")) {
                String[] f = entry.split(":");
                String range = f[1] + ":" + f[2];
                long start = Long.parseLong(f[1]);
                long count = Long.parseLong(f[2]);
                for (String line : host.subids.get(file)) {
                    String[] l = line.split(":");
                    long s0 = Long.parseLong(l[1]);
                    long c0 = Long.parseLong(l[2]);
                    if (s0 < start + count && start < s0 + c0 && !line.equals("root:" + range)) {
                        return run.fail(1, "lxd-host: the " + f[0] + " range " + start + "+" + count + " overlaps "
                                + line + " in /etc/" + file);
                    }
                }
                if (!host.delegated(file, range)) {
                    host.subids.get(file).add("root:" + range);
                    run.changed("lxd-host: delegated the " + f[0] + " range " + f[1] + "+" + f[2] + " in /etc/" + file
                            + " to root");
                }
                run.fact("range." + f[0] + "." + file, range);
            }
        }
        run.fact("module.overlay", "present").fact("module.br_netfilter", "present");
        if (host.files.add(SYSCTL_FILE)) {
            run.changed("lxd-host: wrote " + SYSCTL_FILE);
            SYSCTLS.stream().filter(k -> !k.startsWith("net.ipv4.ip_forward"))
                    .forEach(k -> run.changed("lxd-host: set " + k));
        }
        run.fact("sysctls", "ok").fact("selinux", "disabled").fact("cgroup", "cgroup2fs");
        String pool = s.require("POOL");
        String bridge = s.require("BRIDGE");
        String cidr = s.require("BRIDGE_CIDR");
        if (!pool.equals(host.pool) || !bridge.equals(host.bridge) || !cidr.equals(host.bridgeCidr)) {
            host.pool = pool;
            host.bridge = bridge;
            host.bridgeCidr = cidr;
            run.changed("lxd-host: initialised LXD: pool " + pool + ", bridge " + bridge + " " + cidr);
        }
        if (!host.image) {
            host.image = true;
            run.note("lxd-host: debootstrapping Debian 12 into " + s.require("IMAGE_TARBALL"));
            run.changed("lxd-host: imported image " + s.require("IMAGE_ALIAS"));
        }
        String profile = s.require("PROFILE");
        String want = ScriptText.sha256(s.require("CLUSTER_ID") + "/" + bridge + "/" + pool).substring(0, 16);
        if (!want.equals(host.profiles.get(profile))) {
            host.profiles.put(profile, want);
            run.changed("lxd-host: wrote profile " + profile);
        }
        run.fact("lxd", HostState.LXD_VERSION);
        return run.done();
    }

    static HostReply containers(HostState host, ScriptText s) {
        HostReply.Run run = new HostReply.Run();
        if (!host.lxdInstalled()) {
            return run.fail(127, "bash: line 1: lxc: command not found");
        }
        run.fact("selinux", "disabled");
        for (String entry : s.require("CONTAINERS").trim().split("\\s+")) {
            String[] f = entry.split(",");
            String name = f[0];
            String role = f[1];
            String address = f[2];
            String range = f[3];
            for (String file : List.of("subuid", "subgid")) {
                if (!host.delegated(file, range)) {
                    return run.fail(1, "lxd-containers: root has no range " + range.replace(':', '+') + " in /etc/"
                            + file + " (lxd-host.sh delegates it)");
                }
            }
            long start = Long.parseLong(range.split(":")[0]);
            long size = Long.parseLong(range.split(":")[1]);
            Container c = host.containers.get(name);
            if (c != null && (!c.role.equals(role) || c.base != start || c.size != size)) {
                return run.fail(1, "lxd-containers: " + name + " exists as role:base:size " + c.role + ":" + c.base
                        + ":" + c.size + ", not " + role + ":" + start + ":" + size);
            }
            if (c == null) {
                String profile = s.require("PROFILE");
                if (!host.profiles.containsKey(profile)) {
                    return run.fail(1, "Error: Failed instance creation: Failed loading profile \"" + profile
                            + "\": Profile not found");
                }
                if (!host.image) {
                    return run.fail(1, "Error: Failed instance creation: Image \"" + s.require("IMAGE_ALIAS")
                            + "\" not found");
                }
                c = new Container(name, role, start, size);
                c.cluster = s.require("CLUSTER_ID");
                host.containers.put(name, c);
                run.changed("lxd-containers: created " + name + " as " + role + ", root mapped to " + start + "+"
                        + size);
            }
            run.fact("idmap." + name, start + ":" + size);
            if (!c.running) {
                c.running = true;
                run.changed("lxd-containers: started " + name);
                if (c.address == null) {
                    run.changed("lxd-containers: " + name + " is named " + name);
                }
            }
            String prefix = s.require("PREFIX");
            if (!address.equals(c.address) || !prefix.equals(c.prefix)) {
                c.address = address;
                c.prefix = prefix;
                run.changed("lxd-containers: " + name + " has " + address + "/" + prefix + " via " + s.require("GATEWAY"));
            }
            run.fact("uid_map." + name, "0:" + start + ":" + size);
        }
        return run.done();
    }

    /** Compensation; also removes what the k8s layer had inside the containers (it goes with them). */
    static HostReply release(HostState host, ScriptText s, java.util.function.Consumer<Container> deleted) {
        HostReply.Run run = new HostReply.Run();
        if (!host.lxdInstalled()) {
            run.note("lxd-release: LXD is not installed: nothing to release");
            return run.done();
        }
        for (String entry : s.require("CONTAINERS").trim().split("\\s+")) {
            String name = entry.split(",")[0];
            Container c = host.containers.remove(name);
            if (c != null) {
                deleted.accept(c);
                run.changed("lxd-release: deleted container " + name);
            }
        }
        String profile = s.require("PROFILE");
        if (host.profiles.remove(profile) != null) {
            run.changed("lxd-release: deleted profile " + profile);
        }
        String bridge = s.require("BRIDGE");
        if (bridge.equals(host.bridge)) {
            host.bridge = null;
            host.bridgeCidr = null;
            run.changed("lxd-release: deleted network " + bridge);
        }
        return run.done();
    }
}
