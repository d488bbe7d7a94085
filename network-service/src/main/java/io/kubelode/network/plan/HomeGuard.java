package io.kubelode.network.plan;

/**
 * The home peer's one opening: the cluster pushes its backups to the rsync daemon at home (the
 * apps layer's CronJobs, on any node); home opens nothing in the cluster and is reached on nothing
 * but that port. Only the backup node peers with home; the other nodes reach it through the mesh
 * via that node, which sends everything to home from its own mesh address (so home's peer entry and
 * its rsyncd {@code hosts allow} name one address, whatever node or pod the backup came from).
 *
 * @param homeAddress the home peer's mesh address, where its rsync daemon listens
 * @param backupPort  the rsync daemon's TCP port
 */
public record HomeGuard(String homeAddress, int backupPort) {
}
