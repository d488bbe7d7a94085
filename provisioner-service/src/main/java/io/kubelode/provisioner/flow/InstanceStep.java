package io.kubelode.provisioner.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.events.plan.LinodeNames;
import io.kubelode.provisioner.linode.Instance;
import io.kubelode.provisioner.linode.InstanceCreate;
import io.kubelode.provisioner.linode.LinodeApi;
import io.kubelode.provisioner.linode.LinodeApiException;
import io.kubelode.provisioner.plan.NodePlan;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Ensures the instance of one node exists: observe by label (X-Filter), create when absent,
 * and adopt on "Label must be unique" (a create whose answer was lost, or a redelivered
 * request). An instance with the label but without this cluster's tag is someone else's.
 */
public final class InstanceStep {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final LinodeApi linode;

    public InstanceStep(LinodeApi linode) {
        this.linode = linode;
    }

    /** The instance and whether it was created now or already existed. */
    public record Result(Instance instance, Reconciled outcome) {
    }

    public Result ensure(NodePlan plan) {
        return ensure(plan, () -> false);
    }

    /**
     * @param cancelled whether the cluster failed meanwhile: a create still waiting for its turn is then
     *                  dropped ({@link NodeCancelled}) instead of sent
     */
    public Result ensure(NodePlan plan, BooleanSupplier cancelled) {
        return ensure(plan, cancelled, null);
    }

    /**
     * {@link #ensure(NodePlan, BooleanSupplier)} whose create, when one is needed, waits for its turn in
     * {@code order}, and which hands the turn on when it has its instance. A failure hands it on only once
     * the caller has marked its cluster failed ({@link CreateOrder#done}), so no later node slips through.
     */
    Result ensure(NodePlan plan, BooleanSupplier cancelled, CreateOrder order) {
        Result result = ensureInOrder(plan, cancelled, order);
        if (order != null) {
            order.done(plan.node());
        }
        return result;
    }

    private Result ensureInOrder(NodePlan plan, BooleanSupplier cancelled, CreateOrder order) {
        Optional<Instance> existing = find(plan);
        if (existing.isPresent()) {
            return new Result(owned(plan, existing.get()), Reconciled.NOOP);
        }
        if (order != null && !order.awaitTurn(plan.node(), cancelled)) {
            throw new NodeCancelled("create " + plan.label()
                    + ": dropped while an earlier node's create was pending: its cluster failed");
        }
        try {
            return new Result(linode.createInstance(request(plan), cancelled), Reconciled.CREATED);
        } catch (LinodeApi.CreateCancelled e) {
            throw new NodeCancelled(e.getMessage(), e);
        } catch (LinodeApiException e) {
            if (e.isLabelTaken()) {
                Instance adopted = find(plan).orElseThrow(() -> new StepFailure(FailureReason.LINODE_UNAVAILABLE,
                        "label " + plan.label() + " is taken but no instance with it is visible", e));
                return new Result(owned(plan, adopted), Reconciled.NOOP);
            }
            throw failure("create " + plan.label(), e);
        }
    }

    private Optional<Instance> find(NodePlan plan) {
        try {
            return linode.findByLabel(plan.label());
        } catch (LinodeApiException e) {
            throw failure("look up " + plan.label(), e);
        }
    }

    private static Instance owned(NodePlan plan, Instance instance) {
        if (!instance.tags().contains(LinodeNames.clusterTag(plan.clusterId()))) {
            throw new StepFailure(FailureReason.LABEL_TAKEN_BY_OTHER, "instance " + instance.id() + " has label "
                    + plan.label() + " but not the tag " + LinodeNames.clusterTag(plan.clusterId()));
        }
        return instance;
    }

    static InstanceCreate request(NodePlan plan) {
        String userData = Base64.getEncoder().encodeToString(plan.cloudConfig().getBytes(StandardCharsets.UTF_8));
        return new InstanceCreate(plan.region(), plan.type(), plan.image(), plan.label(), plan.tags(),
                plan.authorizedKeys(), rootPassword(), true, true, new InstanceCreate.Metadata(userData));
    }

    /** A random root password that is sent once and never kept: kubelode only ever logs in with keys. */
    static String rootPassword() {
        byte[] bytes = new byte[30];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "-K9";
    }

    static StepFailure failure(String what, LinodeApiException e) {
        FailureReason reason = switch (e.reason()) {
            case LinodeApiException.UNAVAILABLE -> FailureReason.LINODE_UNAVAILABLE;
            case LinodeApiException.UNAUTHORIZED -> FailureReason.LINODE_UNAUTHORIZED;
            default -> FailureReason.LINODE_CREATE_REJECTED;
        };
        return new StepFailure(reason, what + ": " + e.getMessage(), e);
    }
}
