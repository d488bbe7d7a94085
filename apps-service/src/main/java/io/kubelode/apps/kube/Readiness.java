package io.kubelode.apps.kube;

/** A workload's state as its controller reports it. */
public enum Readiness {
    /** Every desired replica is updated and ready. */
    READY,
    /** The workload exists but is not (yet) ready. */
    PROGRESSING,
    /** The workload does not exist. */
    MISSING
}
