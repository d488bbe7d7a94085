package io.kubelode.events.plan;

/**
 * An IPv4 network in CIDR notation. Pure value type; no I/O.
 *
 * @param base   the network address as an unsigned 32-bit value
 * @param prefix the prefix length, 0..32
 */
public record Cidr(long base, int prefix) {

    public Cidr {
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("prefix must be 0..32, was " + prefix);
        }
        base = base & mask(prefix);
    }

    /** Parses {@code a.b.c.d/n}; the host bits are cleared. */
    public static Cidr parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a CIDR such as 192.168.1.0/24 is required");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR such as 192.168.1.0/24");
        }
        int prefix;
        try {
            prefix = Integer.parseInt(text.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has no numeric prefix length");
        }
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("'" + text + "' has a prefix length outside 0..32");
        }
        return new Cidr(parseAddress(text.substring(0, slash)), prefix);
    }

    /** Parses a dotted IPv4 address into an unsigned 32-bit value. */
    public static long parseAddress(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
        }
        long value = 0;
        for (String part : parts) {
            int octet;
            try {
                octet = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            if (octet < 0 || octet > 255 || part.isEmpty() || part.length() > 3) {
                throw new IllegalArgumentException("'" + text + "' is not an IPv4 address");
            }
            value = (value << 8) | octet;
        }
        return value;
    }

    /** Formats an unsigned 32-bit value as a dotted IPv4 address. */
    public static String format(long address) {
        return ((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                + (address & 255);
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    /** Number of addresses in the network. */
    public long size() {
        return 1L << (32 - prefix);
    }

    /** The last address of the network. */
    public long last() {
        return base + size() - 1;
    }

    /** The address {@code offset} places after the network address. */
    public String address(long offset) {
        if (offset < 0 || offset >= size()) {
            throw new IllegalArgumentException("offset " + offset + " is outside " + this);
        }
        return format(base + offset);
    }

    /** The {@code index}-th subnet of the given prefix length inside this network. */
    public Cidr subnet(int newPrefix, long index) {
        if (newPrefix < prefix) {
            throw new IllegalArgumentException("/" + newPrefix + " is larger than " + this);
        }
        long count = 1L << (newPrefix - prefix);
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException(this + " has no subnet /" + newPrefix + " number " + index);
        }
        return new Cidr(base + index * (1L << (32 - newPrefix)), newPrefix);
    }

    /** Whether the two networks share any address. */
    public boolean overlaps(Cidr other) {
        return base <= other.last() && other.base <= last();
    }

    /** Whether the address lies in this network. */
    public boolean contains(String address) {
        long a = parseAddress(address);
        return a >= base && a <= last();
    }

    @Override
    public String toString() {
        return format(base) + "/" + prefix;
    }
}
