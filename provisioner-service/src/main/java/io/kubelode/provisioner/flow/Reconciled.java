package io.kubelode.provisioner.flow;

/** What an ensure step did. */
public enum Reconciled {
    CREATED, PATCHED, NOOP, DELETED
}
