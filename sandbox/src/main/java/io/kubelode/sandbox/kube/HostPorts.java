package io.kubelode.sandbox.kube;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.jboss.logging.Logger;

/**
 * The host ports of ready DaemonSet pods (the ingress controller's 80 and 443), listening at the
 * public address of the instance each pod's node lives on, so what probes a node's ingress (the
 * DNS layer's health monitor) finds it open. Plain HTTP ports answer {@code 404} like an ingress
 * controller's default backend; 443 accepts and closes (no TLS is served).
 */
final class HostPorts implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostPorts.class);
    private static final byte[] NOT_FOUND = ("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n"
            + "Connection: close\r\n\r\nnot found\n").getBytes(StandardCharsets.US_ASCII);

    private final ExecutorService threads;
    private final Map<InetSocketAddress, ServerSocket> open = new HashMap<>();
    /** Addresses that could not be bound (e.g. a port below 1024 without the right): not retried every round. */
    private final Set<InetSocketAddress> refused = new HashSet<>();
    private boolean closed;

    HostPorts(ExecutorService threads) {
        this.threads = threads;
    }

    /** Listens at exactly {@code wanted}. */
    synchronized void converge(Set<InetSocketAddress> wanted) {
        if (closed) {
            return; // a controller round that outlived its cluster
        }
        for (InetSocketAddress a : List.copyOf(open.keySet())) {
            if (!wanted.contains(a)) {
                close(open.remove(a));
            }
        }
        refused.retainAll(wanted);
        for (InetSocketAddress a : wanted) {
            if (open.containsKey(a) || refused.contains(a)) {
                continue;
            }
            try {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(a, 64);
                open.put(a, server);
                threads.execute(() -> accept(server, a.getPort()));
            } catch (IOException e) {
                refused.add(a);
                LOG.warnf("cannot open host port %s:%d of a ready DaemonSet: %s", a.getHostString(), a.getPort(),
                        e.getMessage());
            }
        }
    }

    synchronized Set<InetSocketAddress> listening() {
        return Set.copyOf(open.keySet());
    }

    private void accept(ServerSocket server, int port) {
        while (!server.isClosed()) {
            try (Socket s = server.accept()) {
                if (port != 443) {
                    s.setSoTimeout(200);
                    try {
                        s.getInputStream().read(new byte[4096]); // the request line, if any comes at once
                    } catch (IOException e) {
                        // a bare TCP probe sends nothing
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(NOT_FOUND);
                    out.flush();
                }
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    private static void close(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        open.values().forEach(HostPorts::close);
        open.clear();
    }
}
