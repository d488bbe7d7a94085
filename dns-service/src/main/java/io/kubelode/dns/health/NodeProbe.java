package io.kubelode.dns.health;

/** Whether a node's ingress answers. */
public interface NodeProbe {

    /** True when every probed port of {@code address} accepts a TCP connection. */
    boolean portsOpen(String address);
}
