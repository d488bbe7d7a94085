package io.kubelode.dns.health;

import java.time.Duration;

/**
 * @param interval        time between probe rounds of a cluster
 * @param failuresToDown  bad rounds in a row before a node's address is withdrawn
 * @param successesToUp   good rounds in a row before it is restored
 */
public record HealthSettings(Duration interval, int failuresToDown, int successesToUp) {
}
