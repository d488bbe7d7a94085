package io.kubelode.gateway.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/** A webhook receiver: a real HTTP server on 127.0.0.1 (the JDK's), recording every request it gets. */
public final class Receiver implements AutoCloseable {
    /** One request as received. */
    public record Request(String method, String path, String contentType, String body, long atNanos) {
    }

    private final HttpServer server;
    private final List<Request> requests = new ArrayList<>();
    private final AtomicInteger count = new AtomicInteger();
    private volatile IntUnaryOperator status = n -> 204;
    private volatile Duration delay = Duration.ZERO;

    public Receiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", ex -> {
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            synchronized (requests) {
                requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        ex.getRequestHeaders().getFirst("Content-Type"), body, System.nanoTime()));
            }
            int n = count.incrementAndGet();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(status.applyAsInt(n), -1);
            ex.close();
        });
        server.start();
    }

    /** The URL to configure, with a path that stands for a secret. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/s3cr3t-path");
    }

    /** The status of the n-th request (1-based); 204 unless set. */
    public Receiver answering(IntUnaryOperator status) {
        this.status = status;
        return this;
    }

    /** Waits this long before answering each request. */
    public Receiver slow(Duration delay) {
        this.delay = delay;
        return this;
    }

    public List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
