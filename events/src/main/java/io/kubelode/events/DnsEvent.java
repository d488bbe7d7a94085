package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Map;

/** Events on {@link Topics#DNS}: round-robin A records for the domain and every app host. */
public sealed interface DnsEvent extends KubelodeEvent {

    /** The end of the forward chain: every name answers with every node's public address. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DnsPublished(String clusterId, Map<String, List<String>> records) implements DnsEvent {
    }

    /** Records could not be published. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DnsFailed(String clusterId, FailureReason reason, String message) implements DnsEvent, Failure {
    }

    /** A node stayed down: its address left every name (never the last address of a name). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DnsAddressWithdrawn(String clusterId, int node, String address, FailureReason reason) implements DnsEvent {
    }

    /** A node is healthy again: its address is back in every name. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DnsAddressRestored(String clusterId, int node, String address) implements DnsEvent {
    }

    /** Every record kubelode owns is gone (and the domain, if kubelode created it). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DnsRecordsDeleted(String clusterId, Cause cause, FailureReason reason) implements DnsEvent, Compensation {
    }

    /**
     * A scale-down's first step: the leaving nodes' addresses left every name, before anything
     * else of theirs goes. Not a compensation: the cluster stays, with fewer nodes.
     *
     * @param nodes     the leaving node indexes
     * @param addresses their public addresses, now in no record
     * @param records   every name with the addresses it answers with now
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DnsNodesWithdrawn(String clusterId, List<Integer> nodes, List<String> addresses,
                             Map<String, List<String>> records) implements DnsEvent {
    }
}
