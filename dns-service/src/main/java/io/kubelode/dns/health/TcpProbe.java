package io.kubelode.dns.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;

/** Connects to each ingress port (80 and 443 in production) and closes at once. */
public final class TcpProbe implements NodeProbe {
    private final List<Integer> ports;
    private final Duration timeout;

    public TcpProbe(List<Integer> ports, Duration timeout) {
        this.ports = List.copyOf(ports);
        this.timeout = timeout;
    }

    @Override
    public boolean portsOpen(String address) {
        for (int port : ports) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
