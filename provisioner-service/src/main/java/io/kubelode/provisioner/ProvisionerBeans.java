package io.kubelode.provisioner;

import io.kubelode.provisioner.flow.BaseRoleStep;
import io.kubelode.provisioner.flow.BootWait;
import io.kubelode.provisioner.flow.InstanceStep;
import io.kubelode.provisioner.flow.PreflightStep;
import io.kubelode.support.saga.SagaFence;
import io.kubelode.provisioner.flow.Provisioner;
import io.kubelode.provisioner.flow.Releaser;
import io.kubelode.provisioner.linode.Backoff;
import io.kubelode.provisioner.linode.HttpLinodeApi;
import io.kubelode.provisioner.linode.LinodeApi;
import io.kubelode.provisioner.linode.RateGate;
import io.kubelode.nodeshell.ssh.ClusterKeys;
import io.kubelode.nodeshell.ssh.MasterSecret;
import io.kubelode.nodeshell.ssh.SshNodeShell;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** Wires the plain-Java provisioning classes from the configuration. */
@ApplicationScoped
public class ProvisionerBeans {
    private final AtomicInteger threads = new AtomicInteger();
    private ExecutorService executor;

    @Produces
    @ApplicationScoped
    LinodeApi linodeApi(ProvisionerConfig config) {
        Clock clock = Clock.systemUTC();
        return new HttpLinodeApi(config.linodeUrl(), config.linodeToken(), config.requestTimeout(),
                new Backoff(config.backoffBase(), config.backoffMax(), config.maxAttempts()),
                new RateGate(clock, config.requestLimit(), config.requestWindow()),
                new RateGate(clock, config.createLimit(), config.createWindow()), clock);
    }

    @Produces
    @ApplicationScoped
    Provisioner provisioner(ProvisionerConfig config, LinodeApi linode, SagaFence fence) {
        byte[] master = MasterSecret.load(config.masterSecret(), config.masterSecretFile(), true);
        executor = Executors.newFixedThreadPool(config.nodeThreads(), r -> {
            Thread t = new Thread(r, "provisioner-node-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return new Provisioner(new PreflightStep(linode), fence::fencedNow, new InstanceStep(linode),
                new BootWait(linode, config.bootTimeout(), config.bootPollMax()),
                new BaseRoleStep(target -> new SshNodeShell(target, config.sshConnectTimeout()),
                        config.sshReadyTimeout(), config.baseRoleTimeout()),
                new Releaser(linode), clusterId -> ClusterKeys.derive(master, clusterId), executor,
                config.sshPort(), config.sshUser());
    }

    @PreDestroy
    void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
