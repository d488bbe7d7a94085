package io.kubelode.hosts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Debian 12 system container standing in for a Linode host: systemd, a static address
 * on a {@link HostBridge}, NAT to Debian's mirror, and a real OpenSSH sshd whose host key the
 * test generated (so it can be pinned) and which accepts the test's client key for root.
 *
 * <p>Debian's {@code lxc} template debootstraps a base container once into {@link #CACHE}
 * (about a minute, or more on a busy machine), under a key of everything that built it
 * ({@link #baseKey(List)}); every host is then an {@code lxc-copy} of it (seconds). The outer container
 * is privileged, as a VM would be to the scripts, and is set
 * up for nesting (LXD or LXC inside) as this machine needs: {@code nesting.conf},
 * {@code proc:rw sys:rw cgroup-full:rw}, {@code /dev/kmsg} bound in, and a boot unit that
 * replaces the {@code cpu}/{@code cpuacct} symlinks by real cgroup v1 mounts where the kernel
 * mounts those controllers apart (without it an inner {@code lxc-start} fails with
 * "Failed to open 9/cpuacct").
 */
public final class DebianHost implements AutoCloseable {
    /** Where the debootstrapped base lives across test runs. */
    public static final Path CACHE = Path.of("/var/cache/kubelode-hosts");
    /** The lxcpath of the hosts themselves. */
    public static final Path INSTANCES = Path.of("/var/lib/kubelode-hosts");
    static final String BASE = "debian12-base";
    private static final String COMPLETE = ".kubelode-complete";
    private static final Duration SHORT = Duration.ofSeconds(60);
    /** A host's CPU weight against a process's (1024 on cgroup v1, 100 on v2): a quarter (see configure). */
    static final int CPU_SHARES_V1 = 256;
    static final int CPU_WEIGHT_V2 = 25;

    private final String name;
    private final String address;
    private final String hostKeyLine;
    private final String hostKeyFingerprint;

    private DebianHost(String name, String address, String hostKeyLine, String hostKeyFingerprint) {
        this.name = name;
        this.address = address;
        this.hostKeyLine = hostKeyLine;
        this.hostKeyFingerprint = hostKeyFingerprint;
    }

    /** Why this machine cannot run Debian system containers, or {@code null} when it can. */
    public static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return "not root";
        }
        for (String tool : List.of("lxc-create", "lxc-copy", "lxc-start", "debootstrap", "debian-distro-info",
                "ssh-keygen", "iptables")) {
            if (Exec.run(List.of("sh", "-c", "command -v " + tool), null, SHORT).exitStatus() != 0) {
                return tool + " is not installed (.ci/packages names its package)";
            }
        }
        if (!Files.isReadable(TEMPLATE)) {
            return TEMPLATE + " is missing (package lxc-templates)";
        }
        if (!Files.isExecutable(PackageProxy.DAEMON)) {
            return PackageProxy.DAEMON + " is missing (package apt-cacher-ng: the hosts' package proxy)";
        }
        return null;
    }

    /**
     * Starts a fresh host (an old one of the same name is destroyed first) and waits until its
     * sshd answers.
     *
     * @param name             container name, also the hostname
     * @param host             the host part of its address on the bridge (2..254)
     * @param bridge           the bridge, created if missing
     * @param authorizedKey    an OpenSSH public key line that may log in as root
     */
    public static DebianHost start(String name, int host, HostBridge bridge, String authorizedKey) {
        String address = bridge.address(host);
        String[][] key = new String[1][];
        create(name, address, bridge, Flavor.PLAIN, rootfs -> {
            key[0] = installHostKey(rootfs);
            installAuthorizedKeys(rootfs, List.of(authorizedKey));
        });
        return new DebianHost(name, address, key[0][0], key[0][1]).started();
    }

    /**
     * What a cloud instance boots with, as Linode hands it over: an instance id, a hostname and the
     * create request's {@code metadata.user_data}, applied by Debian's real cloud-init (NoCloud
     * seed, its network configuration off: LXC configures eth0).
     *
     * @param userData the cloud-config text, or {@code null} for none
     */
    public record CloudInit(String instanceId, String hostname, String userData) {
    }

    /**
     * Boots a host as a cloud instance: root's {@code authorized_keys} as the provider writes them,
     * everything else (host keys included) from {@code cloud}'s user data through cloud-init. Waits
     * until its sshd answers. The host key is whatever cloud-init installed ({@link #hostKeyLine()}
     * is {@code null}).
     */
    public static DebianHost boot(String name, String address, HostBridge bridge, List<String> authorizedKeys,
                                  CloudInit cloud) {
        return boot(name, address, bridge, authorizedKeys, cloud, 0, java.util.Map.of());
    }

    /**
     * {@link #boot(String, String, HostBridge, List, CloudInit)} with the host's memory limited to
     * {@code memoryMib} (a Linode type's RAM; 0: no limit), which its {@code /proc/meminfo} shows
     * (lxcfs, see {@link Lxcfs}), and {@code files} (absolute path → content; executable under
     * {@code /usr/local/sbin}) written into its root file system before it starts.
     */
    public static DebianHost boot(String name, String address, HostBridge bridge, List<String> authorizedKeys,
                                  CloudInit cloud, long memoryMib, java.util.Map<String, String> files) {
        return boot(name, address, null, bridge, authorizedKeys, cloud, memoryMib, files);
    }

    /**
     * {@link #boot(String, String, HostBridge, List, CloudInit, long, java.util.Map)} with a second address
     * on eth0, {@code privateAddress} in CIDR form (e.g. {@code 192.168.128.7/17}): a Linode's private IPv4,
     * which Linode's network helper also configures on eth0 beside the public one. Every machine with one on
     * the same bridge reaches the others there, as instances of one region do on Linode's private network.
     */
    public static DebianHost boot(String name, String address, String privateAddress, HostBridge bridge,
                                  List<String> authorizedKeys, CloudInit cloud, long memoryMib,
                                  java.util.Map<String, String> files) {
        if (memoryMib < 0) {
            throw new IllegalArgumentException("memory must be 0 (no limit) or more MiB, not " + memoryMib);
        }
        if (memoryMib > 0) {
            Lxcfs.ensure();
        }
        create(name, address, privateAddress, bridge, Flavor.CLOUD, memoryMib, rootfs -> {
            installAuthorizedKeys(rootfs, authorizedKeys);
            installCloudInitSeed(rootfs, cloud);
            for (java.util.Map.Entry<String, String> f : files.entrySet()) {
                Path target = rootfs.resolve(f.getKey().replaceFirst("^/+", ""));
                Files.createDirectories(target.getParent());
                Files.writeString(target, f.getValue());
                Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString(
                        f.getKey().startsWith("/usr/local/sbin/") ? "rwxr-xr-x" : "rw-r--r--"));
            }
        });
        return new DebianHost(name, address, null, null).started();
    }

    /** Copies the flavor's base, configures and starts the container; {@code prepare} edits its rootfs first. */
    private static void create(String name, String address, HostBridge bridge, Flavor flavor, RootfsStep prepare) {
        create(name, address, null, bridge, flavor, 0, prepare);
    }

    private static void create(String name, String address, String privateAddress, HostBridge bridge, Flavor flavor,
                               long memoryMib,
                               RootfsStep prepare) {
        bridge.ensure();
        Path lxcpath = ensureBase(flavor);
        destroy(name);
        try {
            Files.createDirectories(INSTANCES);
            Exec.checked(List.of("lxc-copy", "-P", lxcpath.toString(), "-n", BASE, "-p", INSTANCES.toString(),
                    "-N", name), Duration.ofMinutes(3));
            configure(name, address, privateAddress, bridge, memoryMib);
            Path rootfs = rootfs(name);
            prepare.apply(rootfs);
            Files.writeString(rootfs.resolve("etc/resolv.conf"), resolvConf());
            installStaticNetwork(rootfs);
            installCgroupFix(rootfs);
            startContainer(name);
        } catch (IOException e) {
            destroy(name);
            throw new UncheckedIOException("could not set up host " + name, e);
        } catch (RuntimeException e) {
            destroy(name);
            throw e;
        }
    }

    private interface RootfsStep {
        void apply(Path rootfs) throws IOException;
    }

    private static void startContainer(String name) {
        Exec.checked(List.of("lxc-start", "-P", INSTANCES.toString(), "-n", name, "-d",
                "-l", "INFO", "-o", INSTANCES.resolve(name + ".log").toString()), SHORT);
    }

    private DebianHost started() {
        try {
            awaitSsh(Duration.ofSeconds(120));
            return this;
        } catch (RuntimeException e) {
            destroy(name);
            throw e;
        }
    }

    /**
     * Reboots the host as a provider does: a clean shutdown (systemd stops every unit; killed
     * after a minute), then a boot; returns once its sshd answers again.
     */
    public void reboot() {
        Exec.run(List.of("lxc-stop", "-P", INSTANCES.toString(), "-n", name, "-t", "60"), null, Duration.ofSeconds(90));
        startContainer(name);
        awaitSsh(Duration.ofSeconds(120));
    }

    /** Stops and removes the host; nothing happens when it does not exist. */
    public static void destroy(String name) {
        if (Files.exists(INSTANCES.resolve(name).resolve("config"))) {
            Exec.run(List.of("lxc-stop", "-P", INSTANCES.toString(), "-n", name, "-k"), null, SHORT);
            Exec.checked(List.of("lxc-destroy", "-P", INSTANCES.toString(), "-n", name, "-f"), Duration.ofMinutes(3));
        }
        try {
            Files.deleteIfExists(INSTANCES.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not remove the log of " + name, e);
        }
    }

    public String name() {
        return name;
    }

    /** Its address on the bridge: the SSH target. */
    public String address() {
        return address;
    }

    /** Port of its sshd. */
    public int sshPort() {
        return 22;
    }

    /** The pinned host key, {@code ssh-ed25519 AAAA…}. */
    public String hostKeyLine() {
        return hostKeyLine;
    }

    /** {@code SHA256:…} of the host key, as {@code ssh-keygen -l} prints it. */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** The host's root file system as seen from the machine running the test. */
    public Path rootfs() {
        return rootfs(name);
    }

    @Override
    public void close() {
        destroy(name);
    }

    private static Path rootfs(String name) {
        return INSTANCES.resolve(name).resolve("rootfs");
    }

    private void awaitSsh(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no attempt";
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, 22), 1000);
                s.setSoTimeout(3000);
                InputStream in = s.getInputStream();
                byte[] banner = in.readNBytes(7);
                if (new String(banner, StandardCharsets.US_ASCII).startsWith("SSH-2.0")) {
                    return;
                }
                last = "unexpected banner";
            } catch (IOException e) {
                last = e.toString();
            }
            pause();
        }
        throw new IllegalStateException("sshd of " + name + " at " + address + " did not answer within " + timeout
                + " (" + last + "); see " + INSTANCES.resolve(name + ".log"));
    }

    private static void pause() {
        // polling a TCP port: there is no event to wait on from outside the container
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The two bases: a plain Debian 12 with OpenSSH (the hosts the tests configure themselves, and
     * the rootfs of the nodes' own LXD image), and a cloud instance's, with cloud-init.
     */
    enum Flavor {
        PLAIN("openssh-server,ca-certificates"),
        CLOUD("openssh-server,ca-certificates,cloud-init");

        private final String packages;

        Flavor(String packages) {
            this.packages = packages;
        }

        /** What {@code lxc-create -t debian} is given after {@code --}. */
        List<String> templateArgs() {
            List<String> args = new java.util.ArrayList<>(RELEASE);
            args.add("--packages=" + packages);
            return List.copyOf(args);
        }

        String prefix() {
            return "base-" + name().toLowerCase(java.util.Locale.ROOT) + "-";
        }
    }

    /** The release every base is made of: the template's debootstrap depends on nothing else of a flavor. */
    static final List<String> RELEASE = List.of("-r", "bookworm");
    private static final String DEBOOTSTRAP_PREFIX = "debootstrap-";

    /**
     * The template's debootstrap of {@link #RELEASE} (its {@code LXC_CACHE_PATH}), shared by both
     * flavors: the template debootstraps once and makes each flavor by copying it and installing the
     * flavor's packages, so the second flavor costs a copy and an {@code apt-get install}, not a second
     * debootstrap. Keyed as the bases are, on the release, the template and the shaping packages.
     */
    static Path debootstrapCache() {
        return CACHE.resolve(DEBOOTSTRAP_PREFIX + baseKey(RELEASE).id());
    }

    /** One lock per flavor: the two flavors are made side by side (threads of one JVM wait on it). */
    private static final Map<Flavor, Object> BASE_LOCKS = Map.of(Flavor.PLAIN, new Object(), Flavor.CLOUD, new Object());
    private static final Object IMAGE_LOCK = new Object();

    /**
     * Makes the flavor's base once per {@link #baseKey key}; processes making the same flavor wait
     * for each other on a file lock of that flavor (threads of one JVM on {@link #BASE_LOCKS}). The
     * two flavors are made side by side: the template debootstraps once, under its own lock, and each
     * flavor copies that and installs its packages. The flavor's bases of other keys (built by another
     * template, other package versions or other arguments) are removed: they can never be used again.
     */
    static Path ensureBase(Flavor flavor) {
        synchronized (BASE_LOCKS.get(flavor)) {
            return ensureBaseLocked(flavor);
        }
    }

    private static Path ensureBaseLocked(Flavor flavor) {
        try {
            Files.createDirectories(CACHE);
            try (FileChannel ch = FileChannel.open(CACHE.resolve(".lock-" + flavor.name().toLowerCase(
                    java.util.Locale.ROOT)), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = ch.lock()) {
                BaseKey key = baseKey(flavor.templateArgs());
                Path lxcpath = CACHE.resolve(flavor.prefix() + key.id());
                Path debootstrap = debootstrapCache();
                removeStaleBases(flavor, lxcpath, debootstrap);
                Path base = lxcpath.resolve(BASE);
                if (Files.exists(base.resolve(COMPLETE))) {
                    return lxcpath;
                }
                if (Files.exists(base.resolve("config"))) {
                    Exec.run(List.of("lxc-destroy", "-P", lxcpath.toString(), "-n", BASE, "-f"), null, SHORT);
                }
                Files.createDirectories(lxcpath);
                List<String> create = new java.util.ArrayList<>(List.of("lxc-create", "-P", lxcpath.toString(),
                        "-n", BASE, "-t", "debian", "--"));
                create.addAll(flavor.templateArgs());
                Exec.checked(create, Duration.ofMinutes(15),
                        Map.of("LXC_CACHE_PATH", debootstrap.toString()));
                Files.writeString(base.resolve(COMPLETE), key.inputs());
                return lxcpath;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not prepare the Debian base in " + CACHE, e);
        }
    }

    static final Path TEMPLATE = Path.of("/usr/share/lxc/templates/lxc-debian");
    /**
     * The packages whose code shapes the base: LXC, the template, debootstrap, and distro-info
     * with its data, from which the template picks the security suite (without it, it wrote
     * {@code bookworm/updates}, which does not exist, and the cached base kept that).
     */
    static final List<String> SHAPING_PACKAGES = List.of("lxc", "lxc-templates", "debootstrap", "distro-info",
            "distro-info-data");

    /** A base's key and the inputs it was made of (kept beside the base for diagnosis). */
    record BaseKey(String id, String inputs) {
    }

    /** Everything that built a base: the template's text, the shaping packages' versions, the arguments. */
    static BaseKey baseKey(List<String> args) {
        if (!Files.isReadable(TEMPLATE)) {
            throw new IllegalStateException(TEMPLATE + " is missing: install lxc-templates (bash .ci/install)");
        }
        try {
            String status = Exec.run(List.of("dpkg-query", "-W", "-f=${Package}=${Version} ${Status}\\n"),
                    null, SHORT).stdout();
            return baseKey(args, Files.readAllBytes(TEMPLATE), status);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + TEMPLATE, e);
        }
    }

    /**
     * The key of a base made with {@code args} by a template of text {@code template}, on a machine
     * whose {@code dpkg-query -W -f='${Package}=${Version} ${Status}\\n'} printed {@code dpkgStatus}.
     */
    static BaseKey baseKey(List<String> args, byte[] template, String dpkgStatus) {
        StringBuilder inputs = new StringBuilder("template-args=" + String.join(" ", args) + "\n");
        inputs.append("template-sha256=").append(sha256(template)).append('\n');
        for (String pkg : SHAPING_PACKAGES) {
            String line = dpkgStatus.lines().filter(l -> l.startsWith(pkg + "=") && l.endsWith(" install ok installed"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("package " + pkg
                            + " is not installed; it shapes the Debian base (bash .ci/install installs it)"));
            inputs.append(line, 0, line.indexOf(' ')).append('\n');
        }
        String text = inputs.toString();
        return new BaseKey(sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, 16), text);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Removes the flavor's cached bases but {@code keep}, bases of no known flavor, and debootstraps
     * but {@code debootstrap}.
     */
    private static void removeStaleBases(Flavor flavor, Path keep, Path debootstrap) throws IOException {
        try (var entries = Files.list(CACHE)) {
            for (Path p : entries.toList()) {
                String n = p.getFileName().toString();
                boolean known = java.util.Arrays.stream(Flavor.values()).anyMatch(f -> n.startsWith(f.prefix()));
                boolean stale = n.startsWith("base-") && !p.equals(keep) && (n.startsWith(flavor.prefix()) || !known)
                        || n.startsWith(DEBOOTSTRAP_PREFIX) && !p.equals(debootstrap);
                if (stale && Files.isDirectory(p)) {
                    if (Files.exists(p.resolve(BASE).resolve("config"))) {
                        Exec.run(List.of("lxc-destroy", "-P", p.toString(), "-n", BASE, "-f"), null, SHORT);
                    }
                    Exec.checked(List.of("rm", "-rf", "--one-file-system", p.toString()), Duration.ofMinutes(3));
                }
            }
        }
    }

    private static void configure(String name, String address, String privateAddress, HostBridge bridge,
                                  long memoryMib) throws IOException {
        Path config = INSTANCES.resolve(name).resolve("config");
        String kept = Files.readAllLines(config).stream()
                .filter(l -> !l.startsWith("lxc.net.0.link") && !l.startsWith("lxc.apparmor"))
                .collect(Collectors.joining("\n"));
        String ours = String.join("\n",
                "",
                "# kubelode hosts: a stand-in Linode host",
                "lxc.net.0.link = " + bridge.name(),
                "lxc.net.0.ipv4.address = " + address + "/" + bridge.prefix(),
                "lxc.net.0.ipv4.gateway = " + bridge.gateway(),
                privateAddress == null ? "" : "lxc.net.0.ipv4.address = " + privateAddress,
                "lxc.include = /usr/share/lxc/config/nesting.conf",
                // after nesting.conf, which names an AppArmor profile: a VM is not confined either
                "lxc.apparmor.profile = unconfined",
                "lxc.mount.auto = proc:rw sys:rw cgroup-full:rw",
                "lxc.cgroup.devices.allow = c 1:11 rwm",
                "lxc.mount.entry = /dev/kmsg dev/kmsg none bind,optional,create=file 0 0",
                // wireguard-go needs the TUN device (debian.common.conf allows it)
                "lxc.mount.entry = /dev/net/tun dev/net/tun none bind,create=file 0 0",
                "");
        // A Linode has CPUs of its own; here every host shares this machine's with the processes that
        // drive them (a broker, the services, other tests' stacks). A quarter of a process's CPU weight
        // keeps nine hosts' apt runs from starving those: in CI, a broker beside the shared scenario's
        // nine first boots took two minutes to start. Idle CPU is still theirs (weights only divide a
        // busy CPU).
        ours += Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                ? "lxc.cgroup2.cpu.weight = " + CPU_WEIGHT_V2 + "\n"
                : "lxc.cgroup.cpu.shares = " + CPU_SHARES_V1 + "\n";
        if (memoryMib > 0) {
            // the instance type's RAM, as the hypervisor gives a Linode; lxcfs makes /proc/meminfo say so
            ours += Files.exists(Path.of("/sys/fs/cgroup/cgroup.controllers"))
                    ? "lxc.cgroup2.memory.max = " + memoryMib + "M\n"
                    : "lxc.cgroup.memory.limit_in_bytes = " + memoryMib + "M\n";
        }
        Files.writeString(config, kept + ours);
    }

    /**
     * eth0 as LXC configures it (address and gateway: {@link #configure}). Debian's template asks
     * for DHCP, which no one answers on the test bridge: ifup waited a minute for it, and sshd,
     * after the network, with it.
     */
    private static void installStaticNetwork(Path rootfs) throws IOException {
        Files.writeString(rootfs.resolve("etc/network/interfaces"), String.join("\n",
                "# kubelode hosts: eth0 is configured by LXC (lxc.net.0.ipv4.*)",
                "auto lo", "iface lo inet loopback", "", "auto eth0", "iface eth0 inet manual", ""));
    }

    /** Generates an ed25519 host key (the test knows it before the first connection) and installs only it. */
    private static String[] installHostKey(Path rootfs) throws IOException {
        Path dir = Files.createTempDirectory("kubelode-hostkey");
        try {
            Path key = dir.resolve("ssh_host_ed25519_key");
            Exec.checked(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kubelode-test-host",
                    "-f", key.toString()), SHORT);
            Path ssh = rootfs.resolve("etc/ssh");
            try (var old = Files.list(ssh)) {
                for (Path p : old.filter(p -> p.getFileName().toString().startsWith("ssh_host_")).toList()) {
                    Files.delete(p);
                }
            }
            Files.copy(key, ssh.resolve("ssh_host_ed25519_key"));
            Files.setPosixFilePermissions(ssh.resolve("ssh_host_ed25519_key"), PosixFilePermissions.fromString("rw-------"));
            Files.copy(dir.resolve("ssh_host_ed25519_key.pub"), ssh.resolve("ssh_host_ed25519_key.pub"));
            Files.writeString(ssh.resolve("sshd_config.d/kubelode-test.conf"),
                    "HostKey /etc/ssh/ssh_host_ed25519_key\nPermitRootLogin prohibit-password\nPasswordAuthentication no\n");
            String line = Files.readString(dir.resolve("ssh_host_ed25519_key.pub")).strip();
            String fp = Exec.checked(List.of("ssh-keygen", "-l", "-E", "sha256", "-f",
                    dir.resolve("ssh_host_ed25519_key.pub").toString()), SHORT).stdout().split("\\s+")[1];
            return new String[] {line, fp};
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void installAuthorizedKeys(Path rootfs, List<String> keys) throws IOException {
        Path ssh = rootfs.resolve("root/.ssh");
        Files.createDirectories(ssh);
        Files.setPosixFilePermissions(ssh, PosixFilePermissions.fromString("rwx------"));
        Path file = ssh.resolve("authorized_keys");
        Files.writeString(file, keys.stream().map(k -> k.strip() + "\n").collect(Collectors.joining()));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    /** cloud-init's NoCloud seed and a configuration that uses only it and leaves the network to LXC. */
    private static void installCloudInitSeed(Path rootfs, CloudInit cloud) throws IOException {
        Path seed = rootfs.resolve("var/lib/cloud/seed/nocloud");
        Files.createDirectories(seed);
        Files.writeString(seed.resolve("meta-data"), "instance-id: " + cloud.instanceId() + "\nlocal-hostname: "
                + cloud.hostname() + "\n");
        Path userData = seed.resolve("user-data");
        Files.writeString(userData, cloud.userData() == null ? "#cloud-config\n{}\n" : cloud.userData());
        // it may hold private keys (ssh_keys): root's only, as on a provider's metadata service
        Files.setPosixFilePermissions(userData, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(rootfs.resolve("etc/cloud/cloud.cfg.d/99-kubelode-hosts.cfg"), String.join("\n",
                "# kubelode hosts: the seed is the only datasource; LXC configures eth0 (no DHCP wait)",
                "datasource_list: [ NoCloud ]", "network: {config: disabled}", ""));
    }

    private static String resolvConf() throws IOException {
        for (Path p : List.of(Path.of("/run/systemd/resolve/resolv.conf"), Path.of("/etc/resolv.conf"))) {
            if (Files.isReadable(p)) {
                String text = Files.readString(p);
                if (!text.contains("nameserver 127.")) {
                    return text;
                }
            }
        }
        return "nameserver 1.1.1.1\n";
    }

    private static void installCgroupFix(Path rootfs) throws IOException {
        Path script = rootfs.resolve("usr/local/sbin/kubelode-cgroup-v1-split");
        Files.createDirectories(script.getParent());
        Files.writeString(script, CGROUP_FIX);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path unit = rootfs.resolve("etc/systemd/system/kubelode-cgroup-v1-split.service");
        Files.writeString(unit, CGROUP_UNIT);
        Path wants = rootfs.resolve("etc/systemd/system/sysinit.target.wants");
        Files.createDirectories(wants);
        Path link = wants.resolve("kubelode-cgroup-v1-split.service");
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.createSymbolicLink(link, Path.of("/etc/systemd/system/kubelode-cgroup-v1-split.service"));
        }
    }

    private static final String CGROUP_UNIT = """
            [Unit]
            Description=Mount the cpu and cpuacct cgroup v1 controllers apart, as the kernel has them
            DefaultDependencies=no
            Before=sysinit.target

            [Service]
            Type=oneshot
            RemainAfterExit=yes
            ExecStart=/usr/local/sbin/kubelode-cgroup-v1-split
            """;

    private static final String CGROUP_FIX = """
            #!/bin/bash
            # The host mounts cpu and cpuacct as two v1 hierarchies, but the container's
            # /sys/fs/cgroup has them as symlinks to a joint "cpu,cpuacct" directory, so a
            # nested container manager fails ("Failed to open 9/cpuacct"). Mount them apart.
            set -euo pipefail
            grep -q '^[0-9]*:cpu:' /proc/self/cgroup || exit 0
            grep -q '^[0-9]*:cpuacct:' /proc/self/cgroup || exit 0
            mount -o remount,rw /sys/fs/cgroup
            for c in cpu cpuacct; do
              if [ -L "/sys/fs/cgroup/$c" ]; then rm "/sys/fs/cgroup/$c"; fi
              mkdir -p "/sys/fs/cgroup/$c"
              mountpoint -q "/sys/fs/cgroup/$c" || mount -t cgroup -o "$c" cgroup "/sys/fs/cgroup/$c"
            done
            mount -o remount,ro /sys/fs/cgroup
            """;

    /**
     * Makes what a cloud instance's {@link #boot} and its nodes' LXD need (the cloud base and
     * {@link #debianRootfsTarball()}) unless they are cached: a stack whose sandbox boots real machines
     * can start once they are there instead of idling while they are made.
     */
    public static void prepareCloudInstances() {
        ensureBase(Flavor.CLOUD);
        debianRootfsTarball();
    }

    /**
     * A tar.gz of the cached debootstrapped Debian 12 root file system (numeric owners), brought up to
     * date with bookworm-updates and bookworm-security ({@code image-upgrade.sh}, as the images an LXD
     * pulls are), made once and kept beside the debootstrap it was made from, under a name that carries
     * the hash of the upgrade script: usable as an LXD image's rootfs inside the hosts, which cannot reach
     * an image server from here. It needs the debootstrap only, not a base of either flavor: a machine
     * that booted (a cloud instance) has it already.
     */
    public static Path debianRootfsTarball() {
        synchronized (IMAGE_LOCK) {
            return debianRootfsTarballLocked();
        }
    }

    private static Path debianRootfsTarballLocked() {
        Path debootstrap = debootstrapCache();
        Path rootfs = debootstrap.resolve("debian/rootfs-bookworm-amd64");
        if (!Files.isDirectory(rootfs)) {
            ensureBase(Flavor.PLAIN); // the template debootstraps into the shared cache first
        }
        if (!Files.isDirectory(rootfs)) {
            throw new IllegalStateException("the template left no debootstrap in " + rootfs);
        }
        String upgrade = resource("image-upgrade.sh");
        Path images = debootstrap.resolve("images");
        Path tarball = images.resolve("debian-12-rootfs-" + sha256(upgrade.getBytes(StandardCharsets.UTF_8))
                .substring(0, 12) + ".tar.gz");
        try (FileChannel ch = FileChannel.open(CACHE.resolve(".lock-images"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
            if (!Files.exists(tarball)) {
                Files.createDirectories(images);
                // an image of another upgrade script can never be used again
                Exec.checked(List.of("sh", "-c", "rm -rf \"$0\"/debian-12-rootfs* \"$0\"/work", images.toString()),
                        SHORT);
                Path work = images.resolve("work");
                Exec.checked(List.of("cp", "-a", rootfs.toString(), work.toString()), Duration.ofMinutes(5));
                Path script = images.resolve("image-upgrade.sh");
                Files.writeString(script, upgrade);
                Exec.checked(List.of("unshare", "--mount", "--propagation", "private", "--fork", "bash",
                        script.toString(), work.toString()), Duration.ofMinutes(15));
                Path part = tarball.resolveSibling(tarball.getFileName() + ".part");
                Exec.checked(List.of("tar", "-C", work.toString(), "--numeric-owner", "-czf", part.toString(), "."),
                        Duration.ofMinutes(5));
                Files.move(part, tarball);
                Exec.checked(List.of("rm", "-rf", work.toString(), script.toString()), SHORT);
            }
            return tarball;
        } catch (IOException e) {
            throw new UncheckedIOException("could not make " + tarball, e);
        }
    }

    private static String resource(String name) {
        try (java.io.InputStream in = DebianHost.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no " + name + " beside " + DebianHost.class.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + name, e);
        }
    }

    /** Copies a file of the machine running the test into the host (parents created, mode kept). */
    public void copyIn(Path source, String absoluteTarget) {
        copyInto(name, source, absoluteTarget);
    }

    /** Copies a file of this machine into host {@code name} of {@link #INSTANCES} (parents created, mode kept). */
    public static void copyInto(String name, Path source, String absoluteTarget) {
        Path target = rootfs(name).resolve(absoluteTarget.replaceFirst("^/+", ""));
        try {
            Files.createDirectories(target.getParent());
            Files.copy(source, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + source + " into " + name, e);
        }
    }
}
