package io.kubelode.sandbox.host;

/** IPv4 CIDR arithmetic for the few checks a host makes (a gateway on a connected subnet). */
final class Cidrs {
    private Cidrs() {}

    /** Whether {@code address} is inside {@code cidr} ({@code a.b.c.d/p}). */
    static boolean contains(String cidr, String address) {
        String[] parts = cidr.split("/");
        int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : 32;
        long mask = prefix == 0 ? 0 : 0xFFFFFFFFL << (32 - prefix) & 0xFFFFFFFFL;
        return (ip(parts[0]) & mask) == (ip(address) & mask);
    }

    static long ip(String dotted) {
        long value = 0;
        for (String octet : dotted.split("\\.")) {
            value = value << 8 | Integer.parseInt(octet);
        }
        return value;
    }
}
