package io.kubelode.provisioner.flow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * The creates of one cluster go out in node order, one after the other: node 1 (the first control
 * plane, which every later layer needs first) is never queued behind its siblings for a slot of
 * Linode's create limit, and a cluster refused on a node creates nothing after it (nothing more to
 * pay for and roll back). Nodes whose instance exists already do not wait; looking instances up
 * stays parallel, and so do the creates of different clusters.
 */
final class CreateOrder {
    /** Longest wait between two looks at a waiting node's cancellation. */
    private static final long CANCEL_CHECK_MS = 100;
    private final int first;
    /** own.get(i): node first+i is done with its create (sent, refused, skipped or failed). */
    private final List<CompletableFuture<Void>> own = new ArrayList<>();
    /** through.get(i): every node up to first+i is done with its create. */
    private final List<CompletableFuture<Void>> through = new ArrayList<>();

    CreateOrder(int first, int last) {
        this.first = first;
        CompletableFuture<Void> before = CompletableFuture.completedFuture(null);
        for (int n = first; n <= last; n++) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            own.add(mine);
            before = before.thenCombine(mine, (a, b) -> null);
            through.add(before);
        }
    }

    /** Blocks until every earlier node is done with its create; false once {@code cancelled} says so. */
    boolean awaitTurn(int node, BooleanSupplier cancelled) {
        if (node == first) {
            return !cancelled.getAsBoolean();
        }
        CompletableFuture<Void> earlier = through.get(node - first - 1);
        while (true) {
            if (cancelled.getAsBoolean()) {
                return false;
            }
            try {
                earlier.get(CANCEL_CHECK_MS, TimeUnit.MILLISECONDS);
                return !cancelled.getAsBoolean();
            } catch (TimeoutException e) {
                // look at the cancellation again
            } catch (ExecutionException e) {
                throw new IllegalStateException("the create order never fails", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** Node {@code node} is done with its create, however it ended; idempotent. */
    void done(int node) {
        own.get(node - first).complete(null);
    }
}
