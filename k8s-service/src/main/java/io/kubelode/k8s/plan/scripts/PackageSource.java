package io.kubelode.k8s.plan.scripts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a container's Kubernetes packages come from.
 *
 * @param containerd            which containerd every container installs, as an apt pin
 *                              {@code <package>=<version pattern>}: {@code containerd.io=2.3.*} (the
 *                              default, {@link #CONTAINERD}) is Docker's build from Docker's apt
 *                              repository ({@link #DOCKER_REPOSITORY}); {@code containerd=<version>},
 *                              or a bare version, is Debian's own package from the archive the machine
 *                              already uses (what the sandbox's real machines have). Why 2.3: see
 *                              k8s-service/README.md, "containerd".
 * @param kubernetesRepository  the flat apt repository of kubelet, kubeadm and kubectl, with
 *                              {@code {minor}} standing for the cluster's minor version: Kubernetes'
 *                              own ({@link #UPSTREAM}) on Linode; the sandbox's repository of
 *                              stand-in packages when its machines are real (see sandbox/README.md).
 *                              The repository serves {@code Release.key}, its signing key.
 */
public record PackageSource(String containerd, String kubernetesRepository) {
    /** Kubernetes' community-owned package repository, one per minor version. */
    public static final String UPSTREAM = "https://pkgs.k8s.io/core:/stable:/v{minor}/deb/";
    /**
     * containerd's 2.3 series, its long-term release (supported until 2028-04-30), which
     * containerd's RELEASES.md recommends for Kubernetes 1.36 and, with 2.2, for 1.35.
     */
    public static final String CONTAINERD = "containerd.io=2.3.*";
    /** Docker's apt repository for Debian, which builds {@code containerd.io} (runc included). */
    public static final String DOCKER_REPOSITORY = "https://download.docker.com/linux/debian/";
    private static final Pattern PIN = Pattern.compile("(?:(containerd|containerd\\.io)=)?([0-9][0-9A-Za-z.+~:*-]*)");

    public PackageSource {
        if (containerd == null || !PIN.matcher(containerd).matches()) {
            throw new IllegalArgumentException("containerd must be containerd.io=<version pattern> (Docker's"
                    + " repository) or containerd=<version> (Debian's), e.g. " + CONTAINERD + ", was " + containerd);
        }
        if (!kubernetesRepository.matches("https?://[^\\s\"'\\\\]+/") || !kubernetesRepository.contains("{minor}")) {
            throw new IllegalArgumentException("the Kubernetes package repository must be an http(s) URL ending in /"
                    + " and holding {minor}: " + kubernetesRepository);
        }
    }

    /** The repository of one minor version, e.g. {@code https://pkgs.k8s.io/core:/stable:/v1.36/deb/}. */
    public String repositoryFor(String minor) {
        return kubernetesRepository.replace("{minor}", minor);
    }

    /** {@code containerd.io} or {@code containerd}. */
    public String containerdPackage() {
        String name = pin().group(1);
        return name == null ? "containerd" : name;
    }

    /** The version pattern apt pins, e.g. {@code 2.3.*}. */
    public String containerdVersion() {
        return pin().group(2);
    }

    /** Docker's repository for {@code containerd.io}; empty for Debian's own package. */
    public String containerdRepository() {
        return containerdPackage().equals("containerd.io") ? DOCKER_REPOSITORY : "";
    }

    private Matcher pin() {
        Matcher m = PIN.matcher(containerd);
        if (!m.matches()) {
            throw new IllegalStateException(containerd);
        }
        return m;
    }
}
