package io.kubelode.events;

/**
 * Every event kubelode publishes. Events are immutable, past-tense records; each belongs to
 * exactly one topic through the sealed interface of its producing service.
 */
public sealed interface KubelodeEvent
        permits GatewayEvent, ProvisionerEvent, LxcEvent, NetworkEvent, K8sEvent, AppsEvent, DnsEvent {

    /** The cluster this event is about: the Kafka record key and the CloudEvents subject. */
    String clusterId();
}
