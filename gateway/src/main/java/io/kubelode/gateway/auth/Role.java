package io.kubelode.gateway.auth;

/** What an API token may do. */
public enum Role {
    /** Read clusters, their status and progress. */
    reader,
    /** Everything a reader may, and create, scale and delete clusters and read kubeconfigs. */
    admin;

    /** Whether a holder of this role may act as {@code needed}. */
    public boolean covers(Role needed) {
        return this == admin || this == needed;
    }
}
