package io.kubelode.sandbox.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kubelode.sandbox.SandboxConfig;
import io.kubelode.sandbox.cloud.Instance;
import io.kubelode.sandbox.cloud.InstanceStore;
import io.kubelode.sandbox.fault.FaultSpec;
import io.kubelode.sandbox.fault.Faults;
import io.kubelode.sandbox.fault.Scope;
import io.kubelode.sandbox.kube.ClusterApis;
import io.kubelode.sandbox.kube.KubeCluster;
import io.kubelode.sandbox.machine.RealMachines;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What the real machines reach of the sandbox, at the bridge's own address (real mode only): the
 * apt repository of the Kubernetes stand-in packages ({@link StandinRepository}) and the calls of
 * those stand-ins — kubeadm's init, join and reset and kubectl's apply — answered from the cluster's
 * state in the sandbox ({@link ClusterApis}); etcd itself runs for real in the control planes. A caller is known by its source address: a
 * container's traffic leaves its host masqueraded as the instance's public address. The
 * {@code fail-commands} faults apply, matched against {@code kubeadm init}, {@code kubeadm join}
 * (a control plane's is {@code kubeadm join --control-plane}) and {@code kubeadm reset}, and — asked
 * by the machines' ssh gate ({@code standin/ssh-gate}) before a script runs — its declared name
 * ({@code # kubelode: <name>}, e.g. {@code join.sh}). The control planes' inits and joins tell the
 * cluster's API which instances they run on: it outlives the instance of {@code init} while others
 * remain ({@link ClusterApis#instanceGone}).
 */
@ApplicationScoped
public class MachineDoor {
    private static final Logger LOG = Logger.getLogger(MachineDoor.class);
    private static final Pattern APT = Pattern.compile("/apt/k8s/v([0-9.]+)/([A-Za-z0-9._+~-]+)");

    private final RealMachines machines;
    private final InstanceStore instances;
    private final ClusterApis apis;
    private final Faults faults;
    private final int port;
    private final int maxPatch;
    private HttpServer server;
    private ExecutorService threads;
    private StandinRepository repository;

    public MachineDoor(SandboxConfig config, RealMachines machines, InstanceStore instances, ClusterApis apis,
                       Faults faults) {
        this.machines = machines;
        this.instances = instances;
        this.apis = apis;
        this.faults = faults;
        this.port = config.machines().doorPort();
        this.maxPatch = config.machines().standinMaxPatch();
    }

    void start(@Observes StartupEvent start) {
        if (!machines.real()) {
            return;
        }
        try {
            InetAddress gateway = InetAddress.getByName(machines.bridge().ensure().gateway());
            String url = "http://" + gateway.getHostAddress() + ":" + port;
            repository = new StandinRepository(Files.createTempDirectory("kubelode-standin"), url, maxPatch);
            threads = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "sandbox-door");
                t.setDaemon(true);
                return t;
            });
            server = HttpServer.create(new InetSocketAddress(gateway, port), 64);
            server.setExecutor(threads);
            server.createContext("/apt/", this::apt);
            server.createContext("/kube/", this::kube);
            server.createContext("/faults/", this::kube);
            server.start();
            LOG.infof("machines' door at %s: the Kubernetes stand-in packages at %s/apt/k8s/v{minor}/", url, url);
        } catch (IOException e) {
            throw new UncheckedIOException("the machines' door cannot listen at the bridge's port " + port, e);
        }
    }

    @PreDestroy
    void stop() {
        if (server != null) {
            server.stop(0);
            threads.shutdownNow();
            repository.close();
        }
    }

    private void apt(HttpExchange x) throws IOException {
        try (x) {
            Matcher m = APT.matcher(x.getRequestURI().getPath());
            Optional<Path> file = m.matches() && "GET".equals(x.getRequestMethod())
                    ? repository.file(m.group(1), m.group(2)) : Optional.empty();
            if (file.isEmpty()) {
                reply(x, 404, "not found\n");
                return;
            }
            x.sendResponseHeaders(200, Files.size(file.get()));
            try (OutputStream out = x.getResponseBody()) {
                Files.copy(file.get(), out);
            }
        } catch (RuntimeException e) {
            LOG.warnf("machines' door: %s failed: %s", x.getRequestURI(), e.getMessage());
            reply(x, 500, e.getMessage() + "\n");
        }
    }

    private void kube(HttpExchange x) throws IOException {
        try (x) {
            if (!"POST".equals(x.getRequestMethod())) {
                reply(x, 405, "POST only\n");
                return;
            }
            InetAddress from = x.getRemoteAddress().getAddress();
            Optional<Instance> caller = instances.list().stream().filter(i -> i.publicIpv4().equals(from)).findFirst();
            if (caller.isEmpty()) {
                reply(x, 403, "kubelode sandbox: " + from.getHostAddress() + " is no instance's address\n");
                return;
            }
            byte[] body = x.getRequestBody().readAllBytes();
            Answer a = answer(x.getRequestURI().getPath(), caller.get(), body);
            reply(x, a.status(), a.text());
        } catch (RuntimeException e) {
            LOG.warnf("machines' door: %s failed: %s", x.getRequestURI(), e.getMessage());
            reply(x, 500, e.getMessage() + "\n");
        }
    }

    private record Answer(int status, String text) {
        static Answer ok(String text) {
            return new Answer(200, text + "\n");
        }

        static Answer fail(String text) {
            return new Answer(500, text + "\n");
        }
    }

    private Answer answer(String path, Instance caller, byte[] body) throws IOException {
        String tag = clusterTag(caller);
        Map<String, String> form = path.equals("/kube/apply") ? Map.of() : form(body);
        Optional<KubeCluster> cluster = apis.get(tag);
        String refused = "The connection to the server was refused - did you specify the right host or port?";
        switch (path) {
            case "/kube/init" -> {
                Optional<Answer> fault = fault(caller, "kubeadm init");
                if (fault.isPresent()) {
                    return fault.get();
                }
                KubeCluster api = apis.startForMachines(tag, caller.id(), caller.publicIpv4(),
                        InetAddress.getByName(machines.bridge().gateway()));
                if ("control-plane".equals(form.getOrDefault("role", "control-plane"))) {
                    api.addMemberOnly(require(form, "node"), require(form, "address"));
                    api.controlPlaneOn(require(form, "node"), caller.id());
                }
                return Answer.ok(hostPort(api));
            }
            case "/kube/join" -> {
                if (cluster.isEmpty()) {
                    return Answer.fail("error execution phase preflight: couldn't validate the identity of the API "
                            + "Server: Get \"/api/v1/namespaces/kube-public/configmaps/cluster-info?timeout=10s\": "
                            + "connect: connection refused");
                }
                boolean controlPlane = "control-plane".equals(require(form, "role"));
                if (controlPlane) {
                    // kubeadm adds the member before it waits for the local etcd: a join that fails
                    // after this leaves the member behind (kubeadm #2095)
                    cluster.get().addMemberOnly(require(form, "node"), require(form, "address"));
                }
                Optional<Answer> fault = fault(caller, controlPlane ? "kubeadm join --control-plane" : "kubeadm join");
                if (fault.isPresent()) {
                    return fault.get();
                }
                if (controlPlane) {
                    cluster.get().controlPlaneOn(require(form, "node"), caller.id());
                    // the instance that served the API is gone (its node replaced in place): this one serves it
                    apis.serveAt(tag, caller.id(), caller.publicIpv4(), null);
                }
                return Answer.ok(hostPort(cluster.get()));
            }
            case "/kube/reset" -> {
                Optional<Answer> fault = fault(caller, "kubeadm reset");
                if (fault.isPresent()) {
                    return fault.get();
                }
                cluster.ifPresent(c -> {
                    c.removeNode(require(form, "node"));
                    if (c.members().isEmpty()) {
                        apis.stop(tag); // the last control plane is gone, and with it the API
                    }
                });
                return Answer.ok("[reset] done");
            }
            case "/kube/apply" -> {
                return cluster.map(c -> Answer.ok("secret " + c.applySecret(new String(body, StandardCharsets.UTF_8))))
                        .orElse(Answer.fail(refused));
            }
            case "/faults/script" -> {
                // the machines' ssh gate: a fail-, slow- or drop-commands fault by the script's declared name
                String script = require(form, "script");
                Optional<FaultSpec> f = faults.scriptFault(caller.label(), script);
                f.ifPresent(x -> LOG.infof("instance %s: injected %s of %s", caller.label(), x.type(), script));
                return f.map(x -> switch (x.type()) {
                    case FaultSpec.SLOW_COMMANDS -> Answer.ok("delay=" + x.delayMs());
                    case FaultSpec.DROP_COMMANDS -> Answer.ok("drop");
                    default -> Answer.ok("exit=" + (x.exitStatus() == null ? 1 : x.exitStatus()) + "\n"
                            + (x.stderr() != null ? x.stderr() : script + " failed (injected by the sandbox)"));
                }).orElse(Answer.ok("run"));
            }
            default -> {
                return new Answer(404, "kubelode sandbox: no " + path + "\n");
            }
        }
    }

    private Optional<Answer> fault(Instance caller, String command) {
        Optional<FaultSpec> f = faults.commandFailure(caller.label(), command);
        f.ifPresent(s -> LOG.infof("instance %s: injected failure of %s", caller.label(), command));
        return f.map(s -> Answer.fail(s.stderr() != null ? s.stderr() : command + " failed (injected by the sandbox)"));
    }

    /** The cluster an instance belongs to: the provisioner's {@code kl:} tag. */
    private static String clusterTag(Instance instance) {
        return instance.tags().stream().filter(t -> t.startsWith(Scope.CLUSTER_TAG_PREFIX)).findFirst()
                .orElse(Scope.CLUSTER_TAG_PREFIX + instance.label());
    }

    private static String hostPort(KubeCluster api) {
        InetSocketAddress a = api.plainAddress();
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    private static String require(Map<String, String> form, String key) {
        String v = form.get(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("kubelode sandbox: " + key + " is missing");
        }
        return v;
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void reply(HttpExchange x, int status, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        x.sendResponseHeaders(status, b.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(b);
        }
    }
}
