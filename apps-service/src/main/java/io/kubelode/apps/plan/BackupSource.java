package io.kubelode.apps.plan;

import io.fabric8.kubernetes.api.model.Container;

/**
 * Data to ship home.
 *
 * @param name      short name, also the last path segment at home ({@code <cluster>/<app>/<name>})
 * @param app       catalog id of the owning app
 * @param namespace namespace of the claim
 * @param claim     the PersistentVolumeClaim holding the data, or {@code null} when a dump is shipped
 * @param dump      a container that writes a consistent dump into {@code /staging}, or {@code null}
 *                  to ship the claim's files as they are
 */
public record BackupSource(String name, String app, String namespace, String claim, Container dump) {

    public static BackupSource files(String name, String app, String namespace, String claim) {
        return new BackupSource(name, app, namespace, claim, null);
    }

    public static BackupSource dump(String name, String app, String namespace, Container dump) {
        return new BackupSource(name, app, namespace, null, dump);
    }
}
