package io.kubelode.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.kubelode.sandbox.admin.Stats;
import io.kubelode.sandbox.cloud.EventLog;
import io.kubelode.sandbox.cloud.Instance;
import io.kubelode.sandbox.cloud.InstanceRequest;
import io.kubelode.sandbox.cloud.InstanceStore;
import io.kubelode.sandbox.cloud.Lifecycle;
import io.kubelode.sandbox.cloud.Status;
import io.kubelode.sandbox.fault.Faults;
import io.kubelode.sandbox.host.Hosts;
import io.kubelode.sandbox.kube.ClusterApis;
import io.kubelode.sandbox.machine.RealMachines;
import io.kubelode.sandbox.ssh.CommandLog;
import io.kubelode.sandbox.ssh.SshServers;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The zero-delay mode, without Quarkus: all delays 0s, the instance is running at once. */
class ZeroDelayLifecycleTest {

    private static SandboxConfig config() {
        return new SandboxConfig() {
            @Override public String source() { return "/test"; }
            @Override public List<String> tokens() { return List.of("t"); }
            @Override public Delays delays() {
                return new Delays() {
                    @Override public Duration provisioning() { return Duration.ZERO; }
                    @Override public Duration boot() { return Duration.ZERO; }
                };
            }
            @Override public RateLimits rateLimit() { throw new UnsupportedOperationException(); }
            @Override public Network network() {
                return new Network() {
                    @Override public String publicIpv4Range() { return "127.79.200.0/24"; }
                    @Override public int sshPort() { return 2223; }
                };
            }
            @Override public Machines machines() {
                return new Machines() {
                    @Override public String mode() { return "model"; }
                    @Override public String bridge() { return "klsbx0"; }
                    @Override public String namePrefix() { return "kl-sbx"; }
                    @Override public int doorPort() { return 8079; }
                    @Override public int standinMaxPatch() { return 30; }
                };
            }
            @Override public Kube kube() {
                return new Kube() {
                    @Override public int port() { return 6443; }
                    @Override public Duration readyDelay() { return Duration.ZERO; }
                };
            }
        };
    }

    @Test
    void runsWithoutWaitingAndStopsSshOnDelete() {
        SandboxConfig config = config();
        Faults faults = new Faults();
        ClusterApis apis = new ClusterApis(config, faults);
        Hosts hosts = new Hosts(apis);
        SshServers ssh = new SshServers(config, new CommandLog(faults, new Stats(), hosts));
        EventLog events = new EventLog();
        RealMachines machines = new RealMachines(false, null, "kl-sbx", 8079);
        InstanceStore store = new InstanceStore(config, new Lifecycle(config, events, ssh, faults, hosts, machines),
                machines);
        KeyPair host = TestKeys.ed25519();

        Instance instance = store.create(new InstanceRequest("zero-1", "us-east", "g6-nanode-1", "linode/debian12",
                List.of(), null, false, true, true, host, List.of(), null, List.of()));

        // no wall-clock bound: on a loaded CI machine class loading and sshd start-up dominate
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5))
                .until(() -> instance.status() == Status.RUNNING);
        assertThat(ssh.running(instance.id())).isTrue();
        assertThat(events.newestFirst()).extracting(e -> e.action() + ":" + e.status())
                .containsExactly("linode_boot:finished", "linode_create:finished");

        store.delete(instance.id());

        assertThat(ssh.running(instance.id())).isFalse();
        assertThat(store.size()).isZero();
        apis.stopAll();
    }
}
