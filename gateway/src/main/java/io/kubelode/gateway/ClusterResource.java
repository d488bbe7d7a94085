package io.kubelode.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubelode.events.GatewayEvent.ClusterRequested;
import io.kubelode.events.spec.ClusterSpec;
import io.kubelode.events.spec.FieldViolation;
import io.kubelode.events.spec.Preflight;
import io.kubelode.events.spec.SpecValidator;
import io.kubelode.gateway.auth.BearerFilter;
import io.kubelode.gateway.auth.Requires;
import io.kubelode.gateway.auth.Role;
import io.kubelode.gateway.auth.Tokens;
import io.kubelode.gateway.linode.Preflights;
import io.kubelode.gateway.plan.DryRun;
import io.kubelode.gateway.plan.LinodeCatalog;
import io.kubelode.gateway.view.ClusterView;
import io.kubelode.gateway.view.HistoryEntry;
import io.kubelode.events.Phase;
import io.kubelode.gateway.view.ReadModel;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.jboss.logging.Logger;

/** The cluster API. */
@Path("/clusters")
@SecurityRequirement(name = "bearer")
public class ClusterResource {
    private static final Logger LOG = Logger.getLogger(ClusterResource.class);
    private static final String YAML = "application/yaml";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");

    @Inject
    ClusterRequests requests;

    @Inject
    ReadModel model;

    @Inject
    GatewayConfig config;

    @Inject
    ObjectMapper json;

    @Inject
    Kubeconfigs kubeconfigs;

    @Inject
    Preflights preflights;

    /** Accepts a cluster spec (JSON or YAML) and starts creating the cluster, or returns its plan. */
    @POST
    @Requires(Role.admin)
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml"})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Create a cluster from a spec (JSON or YAML), or plan it with dryRun=true",
            description = "Both are checked against Linode first when the gateway has a Linode URL: a region"
                    + " without Metadata, an image without cloud-init or an unknown type is a 400 problem; apps that"
                    + " do not fit the type's memory are a 422 problem naming the smallest type that fits, unless"
                    + " the spec says overcommitMemory: true")
    public CompletionStage<Response> create(String body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                            @Parameter(description = "a retried POST with the same key returns the "
                                                    + "same cluster, never a second one; 1 to 255 visible ASCII "
                                                    + "characters")
                                            @HeaderParam("Idempotency-Key") String idempotencyKey,
                                            @Parameter(description = "true: return the plan and cost, publish "
                                                    + "nothing; false or absent: create the cluster; any other value"
                                                    + " (also an empty one) is a 400 problem",
                                                    schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                                            @QueryParam("dryRun") String dryRunParam,
                                            @Context UriInfo uri, @Context ContainerRequestContext request) {
        boolean dryRun = Param.query("dryRun").flag(dryRunParam);
        String key = Param.header("Idempotency-Key").matching(idempotencyKey, KEY,
                "1 to 255 visible ASCII characters");
        BodyLimit.check(body, config.maxBodySize());
        ClusterSpec spec = SpecReader.read(body, SpecReader.isYaml(contentType));
        List<FieldViolation> violations = SpecValidator.validate(spec);
        if (!violations.isEmpty()) {
            throw new BadSpecException(Problem.invalidSpec(violations));
        }
        String id = key == null ? ClusterRequests.newClusterId(spec.name())
                : ClusterRequests.clusterIdFor(spec.name(), caller(request).name(), key);
        if (dryRun) {
            return CompletableFuture.completedFuture(Response.ok(DryRun.of(id, spec, preflight(spec),
                    preflights.source())).build());
        }
        requireCaughtUp();
        if (key != null) {
            ClusterSpec first = firstSpec(id);
            if (first != null) {
                if (!first.equals(spec)) {
                    throw Problem.of(422, "idempotency-key-reused", "Idempotency-Key reused",
                            "this Idempotency-Key created cluster " + id + " from a different spec").toException();
                }
                return CompletableFuture.completedFuture(accepted(uri, id, spec, true));
            }
        }
        preflight(spec);
        return requests.request(id, spec).thenApply(event -> accepted(uri, id, spec, false));
    }

    /** The preflight, refusing what Linode cannot create or what does not fit (unless forced). */
    private Preflight.Result preflight(ClusterSpec spec) {
        Preflight.Result result;
        try {
            result = preflights.check(spec);
        } catch (LinodeCatalog.Unavailable e) {
            LOG.warnf("preflight of %s: %s", spec.name(), e.getMessage());
            throw Problem.linodeUnavailable(e.getMessage()).toException();
        }
        if (result != null && !result.refusals().isEmpty()) {
            throw new BadSpecException(Problem.refusedByLinode(result.refusals()));
        }
        if (result != null && result.tooSmall(spec)) {
            throw new BadSpecException(Problem.doesNotFit(result));
        }
        return result;
    }

    private ClusterSpec firstSpec(String id) {
        List<HistoryEntry> history = model.history(id);
        if (!history.isEmpty() && history.get(0).data() instanceof ClusterRequested r) {
            return r.spec();
        }
        return requests.publishedHere(id).map(ClusterRequested::spec).orElse(null);
    }

    private static Response accepted(UriInfo uri, String id, ClusterSpec spec, boolean replayed) {
        return Response.accepted(Map.of("id", id, "name", spec.name(), "phase", Phase.Pending.name()))
                .location(uri.getAbsolutePathBuilder().path(id).build())
                .header("Idempotent-Replayed", String.valueOf(replayed)).build();
    }

    /** Every cluster the topics know. */
    @GET
    @Requires(Role.reader)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "List clusters with their phase and conditions")
    public List<ClusterView> list() {
        requireCaughtUp();
        return model.clusters();
    }

    /** One cluster: phase, conditions per layer and per node, apps, DNS records. */
    @GET
    @Path("{id}")
    @Requires(Role.reader)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "One cluster: phase, conditions per layer and per node, apps, DNS")
    public ClusterView get(@PathParam("id") String id) {
        return find(id);
    }

    /** Scales the cluster to another node count. */
    @PATCH
    @Path("{id}")
    @Requires(Role.admin)
    @Consumes({MediaType.APPLICATION_JSON, "application/merge-patch+json"})
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Scale: {\"nodes\": n}; fewer than 3 nodes only with force=true")
    public CompletionStage<Response> scale(@PathParam("id") String id, String body,
                                           @Parameter(description = "true: allow fewer than 3 nodes; false or "
                                                   + "absent: refuse them; any other value is a 400 problem",
                                                   schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
                                           @QueryParam("force") String forceParam) {
        boolean force = Param.query("force").flag(forceParam);
        BodyLimit.check(body, config.maxBodySize());
        ClusterView cluster = find(id);
        int nodes = ScaleRequest.read(body);
        if (nodes < 1 || nodes > io.kubelode.events.plan.AddressPlan.MAX_NODES) {
            throw new BadSpecException(Problem.invalidSpec(List.of(new FieldViolation("nodes",
                    "must be between 1 and " + io.kubelode.events.plan.AddressPlan.MAX_NODES + ", was " + nodes))));
        }
        if (nodes < SpecValidator.MIN_NODES && !force) {
            throw new BadSpecException(Problem.invalidSpec(List.of(new FieldViolation("nodes",
                    "fewer than " + SpecValidator.MIN_NODES + " nodes lose the HA control plane; add ?force=true to"
                            + " scale to " + nodes + " anyway"))));
        }
        if (cluster.phase() != Phase.Ready) {
            throw Problem.of(409, "cluster-busy", "Cluster not Ready", "cluster " + id + " is " + cluster.phase()
                    + "; it can be scaled when Ready").toException();
        }
        if (nodes == cluster.spec().nodes()) {
            return CompletableFuture.completedFuture(Response.ok(cluster).build());
        }
        return requests.scale(id, cluster.spec().nodes(), cluster.spec().withNodes(nodes))
                .thenApply(done -> Response.accepted(Map.of("id", id, "fromNodes", cluster.spec().nodes(),
                        "nodes", nodes)).build());
    }

    /** Tears the cluster down: the backward chain, from DNS down to the instances. */
    @DELETE
    @Path("{id}")
    @Requires(Role.admin)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Delete the cluster (202; phase Deleting, then Deleted)")
    public CompletionStage<Response> delete(@PathParam("id") String id) {
        ClusterView cluster = find(id);
        Response accepted = Response.accepted(Map.of("id", id, "phase", Phase.Deleting.name())).build();
        if (cluster.phase() == Phase.Deleting || cluster.phase() == Phase.Deleted) {
            return CompletableFuture.completedFuture(accepted);
        }
        return requests.delete(id).thenApply(done -> accepted);
    }

    /**
     * Every event of the cluster in order as Server-Sent Events, then live ones. The SSE id is the
     * event's position in the cluster's history: reconnect with {@code Last-Event-ID} to go on
     * after it with nothing lost or repeated.
     */
    @GET
    @Path("{id}/events")
    @Requires(Role.reader)
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "The cluster's events as Server-Sent Events; resumable with Last-Event-ID")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id,
                                          @Parameter(description = "the id of the last event received: the "
                                                  + "stream goes on after it; a position, 0 or more")
                                          @HeaderParam("Last-Event-ID") String lastEventId, @Context Sse sse) {
        long from = Param.header("Last-Event-ID").count(lastEventId, -1, "the id of an event this stream sent (a"
                + " position, 0 or more)") + 1;
        find(id);
        return Multi.createFrom().emitter(emitter -> {
            Runnable stop = model.subscribe(id, from, entry -> emitter.emit(sse.newEventBuilder()
                    .id(String.valueOf(entry.position())).mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(String.class, write(entry)).build()));
            emitter.onTermination(stop);
        }, BackPressureStrategy.BUFFER);
    }

    /**
     * The admin kubeconfig of the cluster, as the k8s layer handed it over (sealed, never on Kafka)
     * once the cluster joined, its server named by the cluster's domain ({@link Kubeconfigs#forPerson});
     * gone again once the cluster is reset.
     */
    @GET
    @Path("{id}/kubeconfig")
    @Requires(Role.admin)
    @Produces({YAML, Problem.MEDIA_TYPE})
    @Operation(summary = "The cluster's admin kubeconfig (admin tokens only; 404 until the cluster joined)",
            description = "Its server is https://<the spec's domain>:6443: the domain answers with every node's public"
                    + " address, so the kubeconfig survives the loss of any one node")
    public Response kubeconfig(@PathParam("id") String id, @Context ContainerRequestContext request) {
        ClusterView cluster = find(id);
        String yaml = kubeconfigs.of(id).orElseThrow(() -> Problem.of(404, "kubeconfig-unavailable",
                "No kubeconfig", "cluster " + id + " is " + cluster.phase() + " and has no admin kubeconfig: the k8s"
                        + " layer hands one over when the cluster has joined and removes it when it is reset")
                .toException());
        yaml = Kubeconfigs.forPerson(yaml, cluster.spec() == null ? null : cluster.spec().domain());
        LOG.infof("admin kubeconfig of %s served to the token '%s'", id, caller(request).name());
        return Response.ok(yaml, YAML).header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + id + ".kubeconfig\"").build();
    }

    private ClusterView find(String id) {
        requireCaughtUp();
        return model.cluster(id).map(v -> {
            requests.settled(id);
            return v;
        }).or(() -> requests.publishedHere(id).map(ReadModel::preview))
                .orElseThrow(() -> Problem.noSuchCluster(id).toException());
    }

    private void requireCaughtUp() {
        if (!model.caughtUp()) {
            throw Problem.replaying().toException();
        }
    }

    private String write(HistoryEntry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + entry.id(), e);
        }
    }

    private static Tokens.Caller caller(ContainerRequestContext request) {
        return (Tokens.Caller) request.getProperty(BearerFilter.CALLER);
    }
}
