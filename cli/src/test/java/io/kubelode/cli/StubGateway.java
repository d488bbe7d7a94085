package io.kubelode.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real HTTP server on loopback answering fixed responses by "METHOD path", for the CLI's unit
 * tests; the requests it saw are kept. Behaviour of the real gateway is covered by the IT.
 */
public final class StubGateway implements AutoCloseable {
    /** A handler for one route. */
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    /** A request as seen: method, path with query, and headers. */
    public record Seen(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final Map<String, Handler> routes = new ConcurrentHashMap<>();
    public final List<Seen> seen = new CopyOnWriteArrayList<>();

    public StubGateway() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", ex -> {
            String key = ex.getRequestMethod() + " " + ex.getRequestURI();
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()),
                    body));
            Handler h = routes.get(key);
            if (h == null) {
                respond(ex, 404, "application/problem+json", "{\"title\":\"Not found\",\"status\":404,\"detail\":\""
                        + "nothing is served at this path\"}");
            } else {
                h.handle(ex);
            }
        });
        // handlers on their own threads: an event stream held open must not block other requests
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stub-gateway");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Answers {@code METHOD path} with a fixed status, media type and body. */
    StubGateway on(String route, int status, String type, String body) {
        routes.put(route, ex -> respond(ex, status, type, body));
        return this;
    }

    public StubGateway on(String route, Handler handler) {
        routes.put(route, handler);
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
        ex.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
