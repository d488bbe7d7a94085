package io.kubelode.hosts;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Makes every cached thing the real-host checks boot from, unless it is there: the debootstrap, the
 * plain and cloud bases, and the nodes' LXD image ({@link DebianHost#debianRootfsTarball()}).
 * {@code ./kubelode test} runs it in the background while the modules before {@code realhost} build;
 * the checks then find what it made, or wait on the same file locks while it is being made. Run alone,
 * it is a warm-up of the cache. Exits 0 with a line saying why when this machine cannot make hosts.
 */
public final class Prepare {
    private Prepare() {
    }

    public static void main(String[] args) {
        String unavailable = DebianHost.unavailableReason();
        if (unavailable != null) {
            System.out.println("hosts: nothing prepared: this machine cannot run Debian hosts: " + unavailable);
            return;
        }
        long t0 = System.nanoTime();
        // the plain base debootstraps first (the image needs only that); the cloud base copies the same
        // debootstrap once the template's own lock lets it
        ExecutorService two = Executors.newFixedThreadPool(2);
        CompletableFuture<Void> plainAndImage = CompletableFuture.runAsync(() -> {
            DebianHost.ensureBase(DebianHost.Flavor.PLAIN);
            report("plain base", t0);
            DebianHost.debianRootfsTarball();
            report("LXD image", t0);
        }, two);
        CompletableFuture<Void> cloud = CompletableFuture.runAsync(() -> {
            DebianHost.ensureBase(DebianHost.Flavor.CLOUD);
            report("cloud base", t0);
        }, two);
        try {
            CompletableFuture.allOf(plainAndImage, cloud).join();
        } finally {
            two.shutdown();
        }
    }

    private static void report(String what, long t0) {
        System.out.printf("hosts: %s ready %d s after the start%n", what, (System.nanoTime() - t0) / 1_000_000_000);
    }
}
