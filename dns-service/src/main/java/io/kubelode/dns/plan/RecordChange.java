package io.kubelode.dns.plan;

/** One change a provider makes; a list of them is what a reconcile or a teardown does. */
public sealed interface RecordChange {

    /** The name the change is about (an ownership record's change names the owned name). */
    String name();

    /** Mark {@code name} as the cluster's: TXT {@code _kubelode-owner.<name>}. */
    record AddOwner(String name, String clusterId) implements RecordChange {
    }

    /** Remove the cluster's ownership record of {@code name}. */
    record RemoveOwner(String name, String clusterId) implements RecordChange {
    }

    /** Add one A record. */
    record AddAddress(String name, String address, int ttl) implements RecordChange {
    }

    /** Remove one A record. */
    record RemoveAddress(String name, String address) implements RecordChange {
    }

    /** Give an existing A record another TTL. */
    record Retime(String name, String address, int ttl) implements RecordChange {
    }
}
