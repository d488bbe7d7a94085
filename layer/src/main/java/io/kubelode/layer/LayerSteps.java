package io.kubelode.layer;

import io.kubelode.events.KubelodeEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The steps of a layer, each triggered by one event type (the topics of the layer's work channel carry
 * them). A step is a plain function of its event; it completes once every event it publishes is on the
 * broker, and fails to send its trigger to the dead-letter topic.
 *
 * <pre>{@code
 * LayerSteps.of(config.source())
 *     .forward(NodeProvisioned.class, n -> "containers of node " + n.node(), saga::onNodeProvisioned)
 *     .always(NodeProvisionFailed.class, saga::onNodeProvisionFailed)
 *     .always(NetworkReleased.class, saga::onNetworkReleased);
 * LayerSteps.of(config.source()).inClusterOrder()
 *     .forward(LxcReady.class, r -> "routing", service::onLxcReady)
 *     .always(ClusterReset.class, service::onClusterReset);
 * }</pre>
 */
public final class LayerSteps {
    /** One step: its work for one event. */
    @FunctionalInterface
    public interface Step<E extends KubelodeEvent> {
        CompletionStage<?> run(E event);
    }

    /**
     * A declared step. {@code forward} steps are skipped once their cluster's saga turned backwards (a
     * failure, a rollback, a delete: the saga fence); the others always run.
     */
    record Declared<E extends KubelodeEvent>(Class<E> trigger, boolean forward, Function<E, String> what,
                                             Step<E> step) {
        CompletionStage<?> run(KubelodeEvent event) {
            return step.run(trigger.cast(event));
        }

        String describe(KubelodeEvent event) {
            return what.apply(trigger.cast(event));
        }
    }

    private final String source;
    private final Map<Class<?>, Declared<?>> steps = new LinkedHashMap<>();
    private boolean inClusterOrder;

    private LayerSteps(String source) {
        this.source = source;
    }

    /** @param source the CloudEvents {@code source} of the layer's events, e.g. {@code /kubelode/lxc} */
    public static LayerSteps of(String source) {
        return new LayerSteps(source);
    }

    public String source() {
        return source;
    }

    /**
     * A step that builds the layer up (creation, scale-up, a scale-down's next step): the runtime skips it,
     * with a log line naming {@code what}, once the cluster's saga has turned backwards.
     */
    public <E extends KubelodeEvent> LayerSteps forward(Class<E> trigger, Function<E, String> what, Step<E> step) {
        return add(new Declared<>(trigger, true, what, step));
    }

    /**
     * One cluster's steps one after another, different clusters' side by side: a step starts once the
     * cluster's step before it (in this process) has completed, and a forward step's fence is consulted
     * then. Without it, a layer keeps its own order (the lxc layer works on a cluster's nodes side by side).
     */
    public LayerSteps inClusterOrder() {
        inClusterOrder = true;
        return this;
    }

    boolean isInClusterOrder() {
        return inClusterOrder;
    }

    /** A step that runs whatever the saga's direction: a compensation, a failure answered by a rollback. */
    public <E extends KubelodeEvent> LayerSteps always(Class<E> trigger, Step<E> step) {
        return add(new Declared<>(trigger, false, e -> trigger.getSimpleName(), step));
    }

    private LayerSteps add(Declared<?> declared) {
        if (steps.putIfAbsent(declared.trigger(), declared) != null) {
            throw new IllegalStateException("two steps for " + declared.trigger().getSimpleName());
        }
        return this;
    }

    /** The step {@code event} triggers, if any. */
    Optional<Declared<?>> stepFor(KubelodeEvent event) {
        return Optional.ofNullable(steps.get(event.getClass()));
    }

    /** The event types that trigger a step. */
    public Set<Class<?>> triggers() {
        return steps.keySet();
    }
}
