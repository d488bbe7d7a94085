package io.kubelode.events.spec;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The person's home server, reached through a WireGuard tunnel for backups and archiving.
 *
 * @param endpoint   WireGuard endpoint, {@code host:port}
 * @param publicKey  the home server's WireGuard public key (base64, 32 bytes)
 * @param lanCidr    the home LAN, which no cluster address may overlap
 * @param backupPort the port of the rsync daemon at home that the cluster pushes its backups to, the one
 *                   port of the home server the cluster may reach
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HomePeer(String endpoint, String publicKey, String lanCidr, Integer backupPort) {

    /** Default port of the rsync daemon at home. */
    public static final int DEFAULT_BACKUP_PORT = 873;

    public HomePeer {
        backupPort = backupPort == null ? DEFAULT_BACKUP_PORT : backupPort;
    }
}
