package io.kubelode.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.kubelode.apps.kube.ClusterApi;
import io.kubelode.apps.kube.ClusterApiException;
import io.kubelode.apps.kube.ObjectResult;
import io.kubelode.apps.kube.Outcome;
import io.kubelode.apps.kube.Readiness;
import io.kubelode.apps.plan.ApplyWaves;
import io.kubelode.apps.plan.Catalog;
import io.kubelode.events.FailureReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The whole catalog applied wave by wave, each wave's objects concurrently, against a recording API. */
class ApplyInWavesTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<HasMetadata> catalog = Catalog.plan(Homelab.context()).stream()
            .flatMap(p -> p.objects().stream()).toList();

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    @Test
    void everyObjectIsAppliedOnceAfterEveryObjectOfTheWavesBeforeIt() {
        Recording api = new Recording(o -> false);

        List<ObjectResult> results = new Reconciler(3, Duration.ofMillis(10)).applyInWaves(api, catalog, pool);

        assertThat(results).hasSize(catalog.size()).allMatch(r -> r.outcome() == Outcome.CREATED);
        assertThat(api.started).hasSize(catalog.size());
        for (HasMetadata o : catalog) {
            long start = api.started.get(ref(o));
            for (HasMetadata before : catalog) {
                if (ApplyWaves.wave(before) < ApplyWaves.wave(o)) {
                    assertThat(api.finished.get(ref(before))).as("%s done before %s starts", ref(before), ref(o))
                            .isLessThanOrEqualTo(start);
                }
            }
        }
        assertThat(api.maxInFlight.get()).as("objects applied at once").isGreaterThan(1)
                .isLessThanOrEqualTo(Reconciler.IN_FLIGHT);
    }

    @Test
    void namespacesAndDefinitionsComeFirstWorkloadsAfterWhatTheyUseIngressesLast() {
        List<List<HasMetadata>> waves = ApplyWaves.of(catalog);
        List<String> first = waves.get(0).stream().map(HasMetadata::getKind).distinct().toList();
        assertThat(first).containsExactlyInAnyOrder("Namespace", "CustomResourceDefinition");
        assertThat(ApplyWaves.wave(kind(catalog, "ConfigMap"))).isLessThan(ApplyWaves.wave(kind(catalog, "Deployment")));
        assertThat(ApplyWaves.wave(kind(catalog, "ServiceAccount")))
                .isLessThan(ApplyWaves.wave(kind(catalog, "RoleBinding")));
        assertThat(ApplyWaves.wave(kind(catalog, "StatefulSet"))).isLessThan(ApplyWaves.wave(kind(catalog, "Ingress")));
        assertThat(waves.stream().mapToInt(List::size).sum()).isEqualTo(catalog.size());
        assertThat(catalog.size()).as("the sequential apply's round trips, now %d waves", waves.size())
                .isGreaterThan(5 * waves.size());
    }

    @Test
    void aRejectedObjectFailsTheDeployAndNoLaterWaveStarts() {
        Recording api = new Recording(o -> "ServiceAccount".equals(o.getKind()));

        assertThatThrownBy(() -> new Reconciler(3, Duration.ofMillis(10)).applyInWaves(api, catalog, pool))
                .isInstanceOfSatisfying(AppsFailure.class,
                        f -> assertThat(f.reason()).isEqualTo(FailureReason.APPLY_REJECTED));
        int rejectedWave = ApplyWaves.wave(kind(catalog, "ServiceAccount"));
        assertThat(catalog).filteredOn(o -> ApplyWaves.wave(o) > rejectedWave)
                .allMatch(o -> !api.started.containsKey(ref(o)));
    }

    private static HasMetadata kind(List<HasMetadata> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.getKind())).findFirst().orElseThrow();
    }

    private static String ref(HasMetadata o) {
        return ObjectResult.of(o, Outcome.NOOP).ref();
    }

    /** Records when each object's apply started and finished; every apply takes a few milliseconds. */
    private static final class Recording implements ClusterApi {
        final Map<String, Long> started = new ConcurrentHashMap<>();
        final Map<String, Long> finished = new ConcurrentHashMap<>();
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger maxInFlight = new AtomicInteger();
        private final Predicate<HasMetadata> rejected;

        Recording(Predicate<HasMetadata> rejected) {
            this.rejected = rejected;
        }

        @Override
        public ObjectResult apply(HasMetadata desired) {
            started.put(ref(desired), System.nanoTime());
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(3); // a round trip
                if (rejected.test(desired)) {
                    throw new ClusterApiException(422, ref(desired) + ": rejected", null);
                }
                return ObjectResult.of(desired, Outcome.CREATED);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
                finished.put(ref(desired), System.nanoTime());
            }
        }

        @Override
        public Readiness readiness(HasMetadata workload) {
            return Readiness.READY;
        }

        @Override
        public List<HasMetadata> listOwned(String clusterId) {
            return List.of();
        }

        @Override
        public List<ObjectResult> deleteOwned(String clusterId, OwnedFilter filter) {
            return List.of();
        }

        @Override
        public int volumesOfClass(String storageClass) {
            return 0;
        }

        @Override
        public void close() {
        }
    }
}
