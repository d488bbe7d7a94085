package io.kubelode.sandbox.admin;

import io.kubelode.sandbox.cloud.EventLog;
import io.kubelode.sandbox.cloud.Instance;
import io.kubelode.sandbox.cloud.InstanceStore;
import io.kubelode.sandbox.fault.FaultSpec;
import io.kubelode.sandbox.fault.Faults;
import io.kubelode.sandbox.host.Hosts;
import io.kubelode.sandbox.http.ApiFilters;
import io.kubelode.sandbox.kube.ClusterApis;
import io.kubelode.sandbox.ssh.CommandLog;
import io.kubelode.sandbox.ssh.CommandRecord;
import io.kubelode.sandbox.ssh.SshServers;
import jakarta.enterprise.inject.Instance.Handle;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.apache.sshd.common.config.keys.KeyUtils;

/** The sandbox's own admin API (not Linode's): command records, stats, faults, reset. No auth: loopback only. */
@Path("/sandbox")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    private final InstanceStore instances;
    private final CommandLog commands;
    private final Faults faults;
    private final Stats stats;
    private final EventLog events;
    private final ApiFilters filters;
    private final SshServers ssh;
    private final List<Resettable> resettables;
    private final Hosts hosts;
    private final ClusterApis kube;

    /** Other state that a reset clears (domains). */
    public interface Resettable {
        void reset();
    }

    public AdminResource(InstanceStore instances, CommandLog commands, Faults faults, Stats stats, EventLog events,
                         ApiFilters filters, SshServers ssh, jakarta.enterprise.inject.Instance<Resettable> others,
                         Hosts hosts, ClusterApis kube) {
        this.hosts = hosts;
        this.kube = kube;
        this.instances = instances;
        this.commands = commands;
        this.faults = faults;
        this.stats = stats;
        this.events = events;
        this.filters = filters;
        this.ssh = ssh;
        this.resettables = others.handlesStream().map(Handle::get).toList();
    }

    /** An instance as the admin sees it: where its SSH server is and which host key it presents. */
    public record InstanceInfo(long id, String label, String status, String ipv4, int sshPort, boolean sshRunning,
                               String hostKeyFingerprint) {}

    @GET
    @Path("/instances")
    public List<InstanceInfo> instances() {
        return instances.list().stream().map(this::info).toList();
    }

    @GET
    @Path("/instances/{id}/commands")
    public Response commands(@PathParam("id") long id) {
        List<CommandRecord> records = commands.of(id);
        if (records == null) {
            if (instances.get(id).isEmpty()) {
                return Response.status(404).entity(Map.of("error", "no instance " + id)).build();
            }
            records = List.of();
        }
        return Response.ok(records).build();
    }

    /** What the instance "has" as kubelode's scripts left it: users, id ranges, containers, k8s state, mesh. */
    @GET
    @Path("/instances/{id}/host")
    public Response host(@PathParam("id") long id) {
        if (instances.get(id).isEmpty()) {
            return Response.status(404).entity(Map.of("error", "no instance " + id)).build();
        }
        return Response.ok(hosts.view(id).orElse(null)).build();
    }

    /** Every cluster's Kubernetes API: tag, endpoint, the instance serving it, its Nodes and etcd members. */
    @GET
    @Path("/kube")
    public List<ClusterApis.ApiView> kube() {
        return kube.views();
    }

    /** The objects in one cluster's API (kind, namespace, name, labels); the tag or the bare cluster id. */
    @GET
    @Path("/kube/{clusterTag}/objects")
    public Response kubeObjects(@PathParam("clusterTag") String tag) {
        return kube.objects(tag).map(o -> Response.ok(o).build())
                .orElseGet(() -> Response.status(404).entity(Map.of("error", "no Kubernetes API for " + tag)).build());
    }

    @GET
    @Path("/stats")
    public Stats.View stats() {
        return stats.view(instances.size());
    }

    @GET
    @Path("/faults")
    public List<Faults.Active> faults() {
        return faults.list();
    }

    @POST
    @Path("/faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response addFault(FaultSpec spec) {
        try {
            return Response.status(201).entity(faults.add(spec)).build();
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(Map.of("error", e.getMessage())).build();
        }
    }

    @DELETE
    @Path("/faults")
    public Response clearFaults() {
        faults.clear();
        return Response.noContent().build();
    }

    @DELETE
    @Path("/faults/{id}")
    public Response removeFault(@PathParam("id") long id) {
        return faults.remove(id) ? Response.noContent().build() : Response.status(404).build();
    }

    /**
     * Deletes every instance, event, domain, command record and fault, stops every cluster's
     * Kubernetes API and forgets every host's state, and resets stats and rate limits.
     */
    @POST
    @Path("/reset")
    public Response reset() {
        instances.reset();
        events.clear();
        commands.clear();
        faults.clear();
        stats.reset();
        filters.resetLimits();
        resettables.forEach(Resettable::reset);
        return Response.noContent().build();
    }

    private InstanceInfo info(Instance i) {
        return new InstanceInfo(i.id(), i.label(), i.status().wire(), i.publicIpv4().getHostAddress(), ssh.port(),
                ssh.running(i.id()), KeyUtils.getFingerPrint(i.hostKey().getPublic()));
    }
}
