package io.kubelode.hosts;

/**
 * Builds what the real-host tests start from, ahead of them: both Debian bases and the nodes' LXD
 * image ({@link DebianHost#debianRootfsTarball()}), each once per key as the tests would build it.
 * {@code ./kubelode test} runs it in the background while the other modules' tests run; a test that
 * needs a base meanwhile waits on the cache's lock, and builds it itself if this failed.
 */
public final class Prepare {
    private Prepare() {
    }

    public static void main(String[] args) {
        String unavailable = DebianHost.unavailableReason();
        if (unavailable != null) {
            System.out.println("hosts: nothing to prepare, this machine runs no real hosts: " + unavailable);
            return;
        }
        long start = System.nanoTime();
        for (DebianHost.Flavor flavor : DebianHost.Flavor.values()) {
            System.out.printf("hosts: %s base in %s%n", flavor, DebianHost.ensureBase(flavor));
        }
        System.out.printf("hosts: the nodes' image %s%n", DebianHost.debianRootfsTarball());
        System.out.printf("hosts: prepared in %.1f s%n", (System.nanoTime() - start) / 1e9);
    }
}
