package io.kubelode.sandbox.cloud;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Hands out the host addresses of one IPv4 range in turn (so a freed address is not reused at
 * once), skipping addresses in use and those that {@code usable} refuses.
 */
public final class AddressPool {
    private final int base;
    private final int size;
    private final Set<Integer> taken = new HashSet<>();
    private final Predicate<InetAddress> usable;
    private int cursor;

    /** @param cidr e.g. {@code 127.77.0.0/16} */
    public AddressPool(String cidr, Predicate<InetAddress> usable) {
        String[] parts = cidr.split("/");
        int prefix = Integer.parseInt(parts[1]);
        if (prefix < 8 || prefix > 30) {
            throw new IllegalArgumentException("prefix must be 8-30: " + cidr);
        }
        this.size = 1 << (32 - prefix);
        this.base = toInt(parse(parts[0])) & (int) (0xFFFFFFFFL << (32 - prefix));
        this.usable = usable;
    }

    /** The next free address. */
    public synchronized InetAddress allocate() {
        int refused = 0;
        for (int tried = 0; tried < size; tried++) {
            cursor = cursor % (size - 2) + 1; // host part 1 .. size-2
            if (taken.contains(cursor)) {
                continue;
            }
            InetAddress address = toAddress(base + cursor);
            if (usable.test(address)) {
                taken.add(cursor);
                return address;
            }
            if (++refused == 256) {
                // e.g. a wildcard listener on the SSH port: every address of the range is unusable
                throw new IllegalStateException("256 addresses in a row of the public IPv4 range are unusable"
                        + " (is something listening on 0.0.0.0 at the SSH port?)");
            }
        }
        throw new IllegalStateException("no free address left in the public IPv4 range");
    }

    public synchronized void release(InetAddress address) {
        taken.remove(toInt(address) - base);
    }

    public synchronized void releaseAll() {
        taken.clear();
    }

    /** A predicate that accepts an address where nothing listens on any of {@code ports} yet. */
    public static Predicate<InetAddress> bindable(int... ports) {
        return address -> {
            for (int port : ports) {
                try (ServerSocket probe = new ServerSocket()) {
                    probe.bind(new InetSocketAddress(address, port));
                } catch (IOException e) {
                    return false;
                }
            }
            return true;
        };
    }

    private static InetAddress parse(String dotted) {
        try {
            return InetAddress.getByName(dotted);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted, e);
        }
    }

    private static int toInt(InetAddress address) {
        byte[] b = address.getAddress();
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | (b[3] & 0xFF);
    }

    private static InetAddress toAddress(int value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
