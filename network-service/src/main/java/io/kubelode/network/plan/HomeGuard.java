package io.kubelode.network.plan;

/**
 * The only thing the home peer may reach: one TCP port on one address.
 *
 * @param homeAddress   the home peer's mesh address
 * @param backupAddress the backup endpoint's address
 * @param backupPort    the backup endpoint's TCP port
 */
public record HomeGuard(String homeAddress, String backupAddress, int backupPort) {
}
