package io.kubelode.gateway.view;

import io.kubelode.events.Phase;
import io.kubelode.events.plan.AddressPlan;
import io.kubelode.events.spec.ClusterSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the gateway knows about a cluster, rebuilt from the event topics.
 *
 * @param id          the cluster id
 * @param name        the spec's name
 * @param phase       one word summarising the conditions
 * @param spec        the spec, as last requested (scale requests change {@code nodes})
 * @param createdAt   time of the ClusterRequested event
 * @param updatedAt   time of the latest event
 * @param events      how many events the cluster's history holds
 * @param conditions  {@code Ready} first, then one per {@link Layer}, then {@code NodeRepaired} once a node of the
 *                    cluster was repaired (True: the last repair reached Ready; Unknown: one is under way;
 *                    False: the last one failed and a person is needed)
 * @param nodes       one entry per node, with a condition per layer
 * @param apps        deployed apps with their URLs
 * @param dnsRecords  published A records, host to addresses
 * @param apiEndpoint the Kubernetes API endpoint, once joined
 * @param addressPlan the address plan the network layer applied
 * @param lastRepair  the latest repair of a node (under way, done or failed), or null when there was none
 */
public record ClusterView(String id, String name, Phase phase, ClusterSpec spec, Instant createdAt, Instant updatedAt,
                          long events, List<Condition> conditions, List<NodeView> nodes, List<AppView> apps,
                          Map<String, List<String>> dnsRecords, String apiEndpoint, AddressPlan addressPlan,
                          RepairView lastRepair) {
}
