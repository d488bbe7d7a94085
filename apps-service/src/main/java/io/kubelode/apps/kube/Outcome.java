package io.kubelode.apps.kube;

/** What one ensure step did to one object (Strimzi's ReconcileResult). */
public enum Outcome {
    CREATED, PATCHED, NOOP, DELETED
}
