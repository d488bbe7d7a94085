package io.kubelode.sandbox.cloud;

import java.util.Locale;

/** The instance statuses the sandbox uses, a subset of Linode's enum. */
public enum Status {
    PROVISIONING, BOOTING, RUNNING, REBOOTING, OFFLINE, DELETING;

    /** The wire name, e.g. {@code provisioning}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether Linode would refuse another action with "Linode busy.". */
    public boolean busy() {
        return this == PROVISIONING || this == BOOTING || this == REBOOTING || this == DELETING;
    }
}
