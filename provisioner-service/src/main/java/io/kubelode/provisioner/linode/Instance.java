package io.kubelode.provisioner.linode;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;
import java.util.Optional;

/**
 * The fields of Linode's instance object that kubelode reads.
 *
 * @param ipv4 public addresses and, with {@code private_ip}, the private one (192.168.128.0/17)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Instance(long id, String label, String status, String region, String type, String image,
                       List<String> ipv4, List<String> tags) {

    public static final String RUNNING = "running";
    public static final String OFFLINE = "offline";

    public Instance {
        ipv4 = ipv4 == null ? List.of() : List.copyOf(ipv4);
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean isRunning() {
        return RUNNING.equals(status);
    }

    /** The first address outside Linode's private range 192.168.128.0/17. */
    public Optional<String> publicIpv4() {
        return ipv4.stream().filter(a -> !isPrivate(a)).findFirst();
    }

    /** The address in 192.168.128.0/17, if the instance has one. */
    public Optional<String> privateIpv4() {
        return ipv4.stream().filter(Instance::isPrivate).findFirst();
    }

    static boolean isPrivate(String address) {
        String[] p = address.split("\\.");
        return p.length == 4 && p[0].equals("192") && p[1].equals("168") && Integer.parseInt(p[2]) >= 128;
    }
}
