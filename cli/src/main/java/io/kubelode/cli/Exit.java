package io.kubelode.cli;

/**
 * What the exit code of {@code kubelode} means; scripts may rely on these. Also printed in the
 * usage ({@code kubelode --help}) and in cli/README.md.
 */
public final class Exit {
    /** Done: the request was accepted, or the watched cluster reached its goal (Ready, Deleted). */
    public static final int OK = 0;
    /** The watched cluster failed or was rolled back, or a repair of one of its nodes failed (Degraded). */
    public static final int CLUSTER_FAILED = 1;
    /** Wrong usage, or the gateway refused the request as malformed (a bad spec, a bad node count). */
    public static final int USAGE = 2;
    /** The gateway refused the token (401: missing or unknown; 403: not allowed to do this). */
    public static final int AUTH = 3;
    /** No such cluster (or nothing to serve, e.g. no kubeconfig). */
    public static final int NOT_FOUND = 4;
    /** The gateway is unreachable, answered 5xx (503 while it replays the topics), or answered nonsense. */
    public static final int UNAVAILABLE = 5;
    /** The cluster is not in a state for this yet (409), e.g. a scale or kubeconfig before Ready. */
    public static final int CONFLICT = 6;
    /** Following a cluster, no event arrived for --stall seconds: a layer did not act. */
    public static final int STALLED = 7;

    /** The usage footer listing the codes. */
    public static final String LEGEND = """
            Exit codes:
              0  ok: accepted; with --watch, --wait or -f: Ready (or Deleted)
              1  the cluster failed or was rolled back, or a node repair failed
                 and it is Degraded (--watch, --wait, -f)
              2  usage error, or the gateway refused the request as malformed
                 (a bad spec: each field error is printed)
              3  authentication (401) or authorisation (403): see --token
              4  not found (404): no such cluster, or nothing to serve
              5  gateway unreachable or failing (refused, timeout, 5xx, 503)
              6  conflict (409): not possible in the cluster's current phase
                 (e.g. scale before Ready)
              7  stalled: no event for --stall seconds while following a cluster
            """;

    private Exit() {
    }

    /** The exit code for a refused HTTP request. */
    public static int forStatus(int status) {
        if (status == 401 || status == 403) {
            return AUTH;
        }
        if (status == 404 || status == 410) {
            return NOT_FOUND;
        }
        if (status == 409) {
            return CONFLICT;
        }
        if (status >= 400 && status < 500) {
            return USAGE;
        }
        return UNAVAILABLE;
    }
}
