package io.kubelode.k8s.plan.scripts;

/**
 * Where the scripts keep kubeadm's files. Production uses {@link #STANDARD}; a test points them
 * at a temporary directory to run the scripts for real without touching the machine.
 */
public record ScriptPaths(String k8sEtc, String etcdData) {
    /** kubeadm's own locations. */
    public static final ScriptPaths STANDARD = new ScriptPaths("/etc/kubernetes", "/var/lib/etcd");
}
