package io.kubelode.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.kubelode.apps.kube.ClusterApi;
import io.kubelode.apps.kube.Fabric8ClusterApi;
import io.kubelode.apps.kube.Outcome;
import io.kubelode.events.AppsEvent.DeployedApp;
import io.kubelode.events.FailureReason;
import io.kubelode.events.spec.App;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deploy and teardown pipeline against the CRUD mock API server, with the test playing the controllers. */
@EnableKubernetesMockClient(crud = true)
class AppsDeployerTest {
    static {
        MockApi.quiet();
    }

    KubernetesMockServer server;
    KubernetesClient client;
    private ExecutorService pool;
    private ScheduledExecutorService controllers;
    private AppsDeployer deployer;

    @BeforeEach
    void setUp() {
        pool = Executors.newCachedThreadPool();
        controllers = Executors.newSingleThreadScheduledExecutor();
        deployer = new AppsDeployer(new Reconciler(3, Duration.ofMillis(50)),
                new ReadinessWaiter(Duration.ofMillis(100), Duration.ofMillis(400)), pool);
    }

    @AfterEach
    void tearDown() {
        controllers.shutdownNow();
        pool.shutdownNow();
    }

    private void playControllers(Predicate<io.fabric8.kubernetes.api.model.HasMetadata> stuck) {
        controllers.scheduleWithFixedDelay(() -> MockApi.markReady(client, Homelab.CLUSTER, stuck), 100, 100,
                TimeUnit.MILLISECONDS);
    }

    @Test
    void deploysEveryAppOfTheExampleAndReportsItsCleanUrl() {
        playControllers(w -> false);
        ClusterApi api = new Fabric8ClusterApi(client);

        AppsDeployer.Deployed deployed = deployer.deploy(api, Homelab.context(), Duration.ofSeconds(30));

        assertThat(deployed.apps()).extracting(DeployedApp::app).containsExactly(App.values());
        assertThat(deployed.apps()).extracting(DeployedApp::url).containsExactly("http://www.dyll.in/",
                "http://blog.dyll.in/", "http://jupyter.dyll.in/", "http://kubeflow.dyll.in/",
                "http://cloud.dyll.in/", "http://git.dyll.in/");
        assertThat(deployed.apps()).allMatch(DeployedApp::ready);
        assertThat(deployed.counts()).containsOnlyKeys(Outcome.CREATED);
    }

    @Test
    void anAppThatNeverBecomesReadyFailsTheDeployNamingIt() {
        playControllers(w -> w instanceof StatefulSet && w.getMetadata().getName().equals("gitea"));
        ClusterApi api = new Fabric8ClusterApi(client);

        assertThatThrownBy(() -> deployer.deploy(api, only(App.WEB, App.NEXTCLOUD, App.GITEA),
                Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(AppsFailure.class, f -> {
                    assertThat(f.reason()).isEqualTo(FailureReason.APPS_NOT_READY);
                    assertThat(f.getMessage()).contains("gitea=[StatefulSet gitea/gitea]")
                            .doesNotContain("nextcloud");
                });

        deployer.teardown(api, Homelab.CLUSTER, Duration.ofSeconds(1));
        assertThat(api.listOwned(Homelab.CLUSTER)).isEmpty();
    }

    @Test
    void aStuckPlatformIsReportedAsSuch() {
        playControllers(w -> w.getMetadata().getName().equals("ingress-nginx-controller"));
        ClusterApi api = new Fabric8ClusterApi(client);

        assertThatThrownBy(() -> deployer.deploy(api, only(App.WEB), Duration.ofSeconds(2)))
                .isInstanceOfSatisfying(AppsFailure.class,
                        f -> assertThat(f.reason()).isEqualTo(FailureReason.PLATFORM_NOT_READY));
    }

    /** The example spec with fewer apps: the cases that only need a few workloads stay quick. */
    private static io.kubelode.apps.plan.AppContext only(App... apps) {
        var s = Homelab.spec();
        return io.kubelode.apps.plan.AppContext.of(Homelab.CLUSTER, new io.kubelode.events.spec.ClusterSpec(
                s.name(), s.region(), s.nodeType(), s.image(), s.nodes(), s.domain(), java.util.List.of(apps),
                s.sshKeys(), s.homePeer(), s.kubernetesVersion(), s.keepOnFailure()),
                new io.kubelode.apps.plan.SecureCredentials(), Homelab.BLOG_REPO);
    }

    @Test
    void teardownWithNothingDeployedSucceedsAndDeletesNothing() {
        ClusterApi api = new Fabric8ClusterApi(client);
        assertThat(deployer.teardown(api, Homelab.CLUSTER, Duration.ofSeconds(1))).isEmpty();
    }
}
