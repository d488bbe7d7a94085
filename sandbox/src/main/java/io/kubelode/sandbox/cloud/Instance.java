package io.kubelode.sandbox.cloud;

import java.net.InetAddress;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.List;

/**
 * One sandbox Linode. Immutable identity plus a status that only {@link InstanceStore} changes
 * (under its lock). The root password is never kept.
 */
public final class Instance {
    private final long id;
    private final String label;
    private final String region;
    private final LinodeType type;
    private final String image;
    private final List<String> tags;
    private final String group;
    private final Instant created;
    private final InetAddress publicIpv4;
    private final String privateIpv4;
    private final String ipv6;
    private final String hostUuid;
    private final boolean hasUserData;
    private final KeyPair hostKey;
    private final List<PublicKey> authorizedKeys;
    private final String userData;
    private final List<String> authorizedKeyLines;
    private volatile Status status;
    private volatile Instant updated;

    Instance(long id, InstanceRequest request, LinodeType type, InetAddress publicIpv4, String privateIpv4,
             String ipv6, String hostUuid, Instant now) {
        this.id = id;
        this.label = request.label();
        this.region = request.region();
        this.type = type;
        this.image = request.image();
        this.tags = List.copyOf(request.tags());
        this.group = request.group();
        this.created = now;
        this.updated = now;
        this.publicIpv4 = publicIpv4;
        this.privateIpv4 = privateIpv4;
        this.ipv6 = ipv6;
        this.hostUuid = hostUuid;
        this.hasUserData = request.hasUserData();
        this.hostKey = request.hostKey();
        this.authorizedKeys = List.copyOf(request.authorizedKeys());
        this.userData = request.userData();
        this.authorizedKeyLines = List.copyOf(request.authorizedKeyLines());
        this.status = Status.PROVISIONING;
    }

    public long id() { return id; }
    public String label() { return label; }
    public String region() { return region; }
    public LinodeType type() { return type; }
    public String image() { return image; }
    public List<String> tags() { return tags; }
    public String group() { return group; }
    public Instant created() { return created; }
    public Instant updated() { return updated; }
    public InetAddress publicIpv4() { return publicIpv4; }
    public String privateIpv4() { return privateIpv4; }
    public String ipv6() { return ipv6; }
    public String hostUuid() { return hostUuid; }
    public boolean hasUserData() { return hasUserData; }
    public KeyPair hostKey() { return hostKey; }
    public List<PublicKey> authorizedKeys() { return authorizedKeys; }
    /** The decoded user data, or {@code null}; it may hold private keys: never log or answer it. */
    public String userData() { return userData; }
    public List<String> authorizedKeyLines() { return authorizedKeyLines; }
    public Status status() { return status; }

    void status(Status next, Instant now) {
        this.status = next;
        this.updated = now;
    }
}
