package io.kubelode.cli.progress;

/** The gateway's phases, folded here from the events as the gateway folds them. */
public enum Phase {
    Pending, Provisioning, Ready, Failed, RollingBack, RolledBack, Deleting, Deleted
}
