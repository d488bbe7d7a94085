package io.kubelode.sandbox.fault;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A fault to inject, as posted to {@code POST /sandbox/faults}. Which fields apply depends on
 * {@code type}; {@code count} (hits before the fault wears off) and {@code duration_ms} (lifetime)
 * apply to every type, and without either the fault stays until {@code DELETE /sandbox/faults}.
 *
 * @param type            {@code fail-creates}, {@code server-errors}, {@code rate-limit}, {@code slow-boot}, {@code fail-commands},
 *                        {@code slow-commands}, {@code drop-commands}, {@code never-ready}
 * @param labelPattern    regex (full match) on the instance label: fail-creates, slow-boot, and the three command
 *                        faults; null matches all
 * @param pathPattern     regex (find) on the request path below {@code /v4}: server-errors, rate-limit; null matches all
 * @param method          HTTP method to match: server-errors, rate-limit; null matches all
 * @param status          HTTP status: fail-creates (default 400), server-errors (default 503)
 * @param reason          error reason: fail-creates, server-errors
 * @param retryAfter      seconds in {@code Retry-After}: rate-limit (default 1)
 * @param delayMs         extra boot time: slow-boot; the wait before the script runs: slow-commands
 * @param commandPattern  regex (find) on the name a script declares ({@code # kubelode: NAME} in its first lines,
 *                        e.g. {@code ^join\.sh$}), or on the text of a command that declares none:
 *                        fail-commands, slow-commands, drop-commands (the connection is closed, no exit status
 *                        sent, before the script runs); null matches all
 * @param exitStatus      exit status: fail-commands (default 1)
 * @param stderr          standard error: fail-commands
 * @param namePattern     regex (full match) on a workload's {@code name} or {@code namespace/name}: never-ready;
 *                        null matches all
 * @param cluster         scope, every type: only what belongs to this kubelode cluster id (instances labelled
 *                        {@code <cluster>-<n>} or tagged {@code kl:<cluster>}, API calls about them,
 *                        its Kubernetes API's workloads); null: not scoped to a cluster
 * @param domain          scope, server-errors and rate-limit: only DNS calls about this domain (its
 *                        {@code /domains} create, list filter, {@code /domains/{id}/...}); null: not scoped to a domain.
 *                        With both {@code cluster} and {@code domain} the fault hits what belongs to either; with
 *                        neither it hits everything its other fields match (what a scope cannot be told for, such as
 *                        an unfiltered list, is only ever hit by unscoped faults)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = false)
public record FaultSpec(String type, String labelPattern, String pathPattern, String method, Integer status,
                        String reason, Integer count, Long durationMs, Integer retryAfter, Long delayMs,
                        String commandPattern, Integer exitStatus, String stderr, String namePattern,
                        String cluster, String domain) {

    public static final String FAIL_CREATES = "fail-creates";
    public static final String SERVER_ERRORS = "server-errors";
    public static final String RATE_LIMIT = "rate-limit";
    public static final String SLOW_BOOT = "slow-boot";
    public static final String FAIL_COMMANDS = "fail-commands";
    public static final String SLOW_COMMANDS = "slow-commands";
    public static final String DROP_COMMANDS = "drop-commands";
    public static final String NEVER_READY = "never-ready";

    /** Whether the fault is scoped to a cluster or a domain. */
    public boolean scoped() {
        return cluster != null || domain != null;
    }
}
