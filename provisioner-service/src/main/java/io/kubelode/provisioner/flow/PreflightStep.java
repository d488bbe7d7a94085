package io.kubelode.provisioner.flow;

import io.kubelode.events.FailureReason;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.FieldViolation;
import io.kubelode.events.spec.Preflight;
import io.kubelode.provisioner.linode.LinodeApi;
import io.kubelode.provisioner.linode.LinodeApiException;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The preflight again, right before the first create of a cluster: the gateway checked the plan
 * when it was posted, but the spec may have come from another client, Linode may have changed, or
 * the gateway may have had no Linode URL. A refusal fails the cluster before anything is created.
 */
public final class PreflightStep {
    private final LinodeApi linode;

    public PreflightStep(LinodeApi linode) {
        this.linode = linode;
    }

    /** Returns when Linode can create the cluster and its apps fit (or the spec forces it). */
    public void check(ClusterSpec spec) {
        Preflight.Result result;
        try {
            List<Preflight.NodeType> types = linode.types().stream().map(t -> new Preflight.NodeType(t.id(),
                    t.label(), t.memory(), t.price() == null ? null : BigDecimal.valueOf(t.price().monthly())))
                    .toList();
            result = Preflight.check(spec,
                    linode.region(spec.region()).map(r -> new Preflight.Region(r.id(), r.capabilities())),
                    linode.image(spec.image()).map(i -> new Preflight.Image(i.id(), i.capabilities())), types);
        } catch (LinodeApiException e) {
            throw InstanceStep.failure("preflight of " + spec.name(), e);
        }
        if (!result.refusals().isEmpty()) {
            throw new StepFailure(FailureReason.LINODE_REFUSES_SPEC, "Linode cannot create this cluster, nothing was"
                    + " created: " + result.refusals().stream().map(FieldViolation::message)
                    .collect(Collectors.joining("; ")));
        }
        if (result.tooSmall(spec)) {
            throw new StepFailure(FailureReason.DOES_NOT_FIT, result.memoryVerdict() + "; nothing was created (set"
                    + " overcommitMemory: true in the spec to create it anyway)");
        }
    }
}
