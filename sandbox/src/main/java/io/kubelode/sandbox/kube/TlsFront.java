package io.kubelode.sandbox.kube;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.jboss.logging.Logger;

/**
 * A TLS listener at an instance's {@code <ip>:6443} that presents the API server certificate
 * kubelode delivered and pipes the decrypted bytes to the plain-HTTP mock API server on loopback.
 * Client certificates are neither requested nor checked: every client that trusts the cluster CA
 * gets in (kubelode's admin kubeconfig authenticates with a client certificate, which a real API
 * server would check; the sandbox does not authorise anything).
 */
final class TlsFront implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TlsFront.class);

    private final SSLServerSocket server;
    private final InetSocketAddress backend;
    private final ExecutorService threads;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /** Listens at once; fails with {@link IOException} when the address is taken. */
    TlsFront(ServerIdentity identity, InetAddress address, int port, InetSocketAddress backend, ExecutorService threads)
            throws IOException {
        this.backend = backend;
        this.threads = threads;
        ServerSocket socket = identity.sslContext().getServerSocketFactory().createServerSocket();
        this.server = (SSLServerSocket) socket;
        server.setReuseAddress(true);
        server.setNeedClientAuth(false);
        server.setWantClientAuth(false);
        try {
            server.bind(new InetSocketAddress(address, port), 64);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        threads.execute(this::accept);
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve((SSLSocket) client));
            } catch (IOException e) {
                if (!closed) {
                    LOG.debugf("API front %s: accept failed: %s", server.getLocalSocketAddress(), e.getMessage());
                }
            }
        }
    }

    private void serve(SSLSocket client) {
        open.add(client);
        try (client; Socket upstream = new Socket()) {
            open.add(upstream);
            client.startHandshake();
            upstream.connect(backend, 5000);
            upstream.setTcpNoDelay(true);
            client.setTcpNoDelay(true);
            threads.execute(() -> pipe(upstream, client));
            pipe(client, upstream);
        } catch (IOException e) {
            LOG.tracef("API front: connection ended: %s", e.getMessage());
        } finally {
            open.remove(client);
        }
    }

    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // the other side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        open.forEach(TlsFront::closeQuietly);
        open.clear();
    }
}
