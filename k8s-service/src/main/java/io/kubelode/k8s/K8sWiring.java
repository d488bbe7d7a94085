package io.kubelode.k8s;

import io.kubelode.k8s.api.ClusterApiFactory;
import io.kubelode.k8s.api.Fabric8ClusterApi;
import io.kubelode.k8s.flow.Bootstrapper;
import io.kubelode.k8s.flow.ClusterSecrets;
import io.kubelode.k8s.flow.K8sFlow;
import io.kubelode.k8s.flow.Resetter;
import io.kubelode.k8s.flow.ScriptRunner;
import io.kubelode.k8s.pki.PkiMinter;
import io.kubelode.k8s.pki.SealedFileSecretStore;
import io.kubelode.k8s.pki.SecretStore;
import io.kubelode.k8s.plan.scripts.PackageSource;
import io.kubelode.k8s.plan.scripts.ScriptPaths;
import io.kubelode.k8s.shell.NodeShells;
import io.kubelode.k8s.view.ClusterViews;
import io.kubelode.support.secrets.KubeconfigStore;
import io.kubelode.support.secrets.Sealer;
import io.quarkus.arc.DefaultBean;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Builds the service's parts from {@link K8sConfig}, validated at start-up (fail fast). */
@Singleton
public class K8sWiring {

    @Produces
    @Singleton
    ClusterViews views(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        return new ClusterViews(bootstrapServers).start();
    }

    void closeViews(@Disposes ClusterViews views) {
        views.close();
    }

    @Produces
    @Singleton
    @DefaultBean
    Sealer sealer(K8sConfig config) {
        return Sealer.required(config.sealKey(), "kubelode.k8s.seal-key");
    }

    @Produces
    @Singleton
    @DefaultBean
    SecretStore secretStore(K8sConfig config, Sealer sealer) {
        return new SealedFileSecretStore(config.secretsDir(), sealer);
    }

    @Produces
    @Singleton
    @DefaultBean
    KubeconfigStore kubeconfigStore(K8sConfig config, Sealer sealer) {
        return new KubeconfigStore(config.kubeconfigDir(), sealer).requireWritable("KUBELODE_KUBECONFIG_DIR");
    }

    @Produces
    @Singleton
    @DefaultBean
    NodeShells nodeShells(K8sConfig config) {
        return new io.kubelode.nodeshell.ssh.NodeShells(io.kubelode.nodeshell.ssh.MasterSecret.load(
                config.masterSecret(), config.masterSecretFile(), false), config.sshUser(), config.connectTimeout())::open;
    }

    @Produces
    @Singleton
    @DefaultBean
    ClusterApiFactory clusterApis(K8sConfig config) {
        return Fabric8ClusterApi.factory(config.apiTimeout());
    }

    @Produces
    @Singleton
    @DefaultBean
    ScriptPaths scriptPaths() {
        return ScriptPaths.STANDARD;
    }

    @Produces
    @Singleton
    @Named("k8s-node-work")
    ExecutorService nodeWork() {
        return Executors.newCachedThreadPool(daemon("k8s-node"));
    }

    @Produces
    @Singleton
    K8sFlow flow(K8sConfig config, ClusterViews views, NodeShells shells, SecretStore store,
                 KubeconfigStore kubeconfigs, ClusterApiFactory apis, ScriptPaths paths,
                 @Named("k8s-node-work") ExecutorService nodeWork) {
        ScriptRunner runner = new ScriptRunner(config.scriptTimeout(), config.attempts(), config.backoff());
        ClusterSecrets secrets = new ClusterSecrets(store, kubeconfigs,
                () -> new PkiMinter(new SecureRandom(), Clock.systemUTC()), Clock.systemUTC(), config.tokenTtl(),
                config.tokenRenewBefore());
        Bootstrapper bootstrapper = new Bootstrapper(secrets, runner, apis, nodeWork, new Bootstrapper.Settings(
                new PackageSource(config.containerdVersion(), config.kubernetesRepository()), paths, config.readyTimeout(), config.readyPoll()));
        return new K8sFlow(views, shells, bootstrapper, new Resetter(runner, nodeWork, paths), secrets,
                Executors.newCachedThreadPool(daemon("k8s-flow")), config.viewTimeout());
    }

    /**
     * Fail fast: build the flow (seal key, master secret) when the service starts, not on the first
     * event. The PKI minter (BouncyCastle) is made on the first mint, off the start-up path.
     */
    void start(@Observes StartupEvent start, K8sFlow flow) {
        // injecting the flow is the check
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
