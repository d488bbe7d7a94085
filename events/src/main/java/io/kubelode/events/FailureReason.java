package io.kubelode.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Why a layer failed ({@link Failure#reason()}), why a compensation ran ({@link Compensation#reason()}:
 * the failure's reason, or {@link #DELETED}) and why a node's address left DNS
 * ({@code DnsAddressWithdrawn.reason}). One constant per reason code any layer raises; a code raised by
 * several layers (e.g. {@link #NODE_UNREACHABLE}) is one constant.
 *
 * <p>On the wire a reason is its {@link #code()}, a CamelCase string ({@code "LinodeCreateRejected"}),
 * exactly the string the layers sent before this enum existed, so the JSON of every known reason is
 * unchanged. Reading is tolerant: a code this version does not know (a newer producer's) reads as
 * {@link #UNRECOGNIZED} instead of failing, so a newer producer never poisons an older consumer. The
 * original code is then lost to that consumer: what it shows is {@code Unrecognized}, and a compensation
 * it sends copying the reason carries {@code Unrecognized}. Adding a constant is therefore an additive
 * change of the contract; renaming or removing a code is not (the older readers of the old code would
 * see {@link #UNRECOGNIZED}).
 *
 * <p>"Transient" below means a later attempt may succeed (the layer retried before it gave up),
 * "permanent" that retrying the same step fails the same way. Either way the saga rolls the cluster
 * back (unless the spec has {@code keepOnFailure}).
 */
public enum FailureReason {

    // --- shared by several layers -------------------------------------------------------------------

    /**
     * A node could not be reached over SSH, or did not answer in time. Transient: lxc and network
     * retry it, k8s retries each script; raised after the attempts ran out. Raised by lxc, network, k8s.
     */
    NODE_UNREACHABLE("NodeUnreachable"),
    /**
     * The Linode API stayed unavailable (5xx, 408, 429, busy, timeouts) through every retry. Transient.
     * Raised by the provisioner and dns.
     */
    LINODE_UNAVAILABLE("LinodeUnavailable"),
    /** Linode refused the token (HTTP 401/403): expired, wrong or missing a scope. Permanent. Provisioner, dns. */
    LINODE_UNAUTHORIZED("LinodeUnauthorized"),
    /**
     * Not a failure: the reason of every compensation a person's delete caused ({@code cause} DELETE).
     * Raised by dns (the first layer to tear down); every layer below copies it.
     */
    DELETED("Deleted"),

    // --- provisioner (NodeProvisionFailed) ----------------------------------------------------------

    /** Linode refused the create request (validation, quota, image). Permanent. */
    LINODE_CREATE_REJECTED("LinodeCreateRejected"),
    /** An instance with the node's label exists but is not tagged as this cluster's. Permanent. */
    LABEL_TAKEN_BY_OTHER("LabelTakenByOther"),
    /** The instance did not reach {@code running} in time. */
    BOOT_TIMED_OUT("BootTimedOut"),
    /** The instance disappeared while kubelode waited for it. */
    INSTANCE_GONE("InstanceGone"),
    /** No SSH connection with the pinned host key and the cluster key in time (after retries). */
    SSH_UNREACHABLE("SshUnreachable"),
    /** The base role script failed (after its attempts). */
    BASE_ROLE_FAILED("BaseRoleFailed"),
    /** A failure the provisioner did not anticipate (a bug); the message has the detail. */
    PROVISIONING_ERROR("ProvisioningError"),
    /**
     * The region, image or type cannot serve the cluster (no Metadata, no cloud-init, unknown): found
     * before any create. Permanent.
     */
    LINODE_REFUSES_SPEC("LinodeRefusesSpec"),
    /** The apps do not fit the type's memory and the spec does not force it: before any create. Permanent. */
    DOES_NOT_FIT("DoesNotFit"),

    // --- lxc (LxcFailed) ----------------------------------------------------------------------------

    /** The host script for LXD itself (packages, initialisation, image, profile) failed. Permanent. */
    LXD_HOST_SETUP_FAILED("LxdHostSetupFailed"),
    /** A container could not be created, started, mapped or addressed (its script failed). Permanent. */
    LXD_CONTAINERS_FAILED("LxdContainersFailed"),
    /** A container's id map is not the range its role has in the plan (never accepted). Permanent. */
    IDMAP_MISMATCH("IdmapMismatch"),
    /** Removing containers, profile or bridge failed (a compensation or scale-down step). Permanent. */
    LXD_RELEASE_FAILED("LxdReleaseFailed"),
    /** The lxc layer's thread was interrupted while it waited between attempts (the service is stopping). */
    INTERRUPTED("Interrupted"),
    /**
     * A node step of the lxc layer failed other than by a step failure of its own (e.g. the cluster's
     * spec never arrived); see the message.
     */
    LXC_STEP_FAILED("LxcStepFailed"),

    // --- network (NetworkFailed) --------------------------------------------------------------------

    /** A node's network script failed: retrying the same script fails the same way. Permanent. */
    NETWORK_SCRIPT_FAILED("NetworkScriptFailed"),
    /** The cluster's input cannot be planned (missing address, bad home peer). Permanent. */
    NETWORK_PLAN_REJECTED("NetworkPlanRejected"),

    // --- k8s (ClusterJoinFailed) --------------------------------------------------------------------

    /** The cluster's spec, nodes or containers are not (all) in the view of the topics below. */
    CLUSTER_UNKNOWN("ClusterUnknown"),
    /** The spec asks for a Kubernetes version kubelode cannot bootstrap. Permanent. */
    UNSUPPORTED_KUBERNETES_VERSION("UnsupportedKubernetesVersion"),
    /** The sealed PKI could not be read (wrong seal key) or written. */
    PKI_UNAVAILABLE("PkiUnavailable"),
    /** Installing the container runtime or the Kubernetes packages failed. Permanent (the script failed). */
    RUNTIME_INSTALL_FAILED("RuntimeInstallFailed"),
    /** {@code kubeadm init} (or placing the PKI before it) failed on node 1. Permanent (the script failed). */
    CONTROL_PLANE_INIT_FAILED("ControlPlaneInitFailed"),
    /**
     * A control plane could not join (or its leftover etcd member could not be removed). Permanent (the
     * script failed).
     */
    CONTROL_PLANE_JOIN_FAILED("ControlPlaneJoinFailed"),
    /** A worker could not join. Permanent (the script failed). */
    WORKER_JOIN_FAILED("WorkerJoinFailed"),
    /** After the joins, not every node was Ready (or etcd lacked a member) within the timeout. */
    NODES_NOT_READY("NodesNotReady"),
    /** The admin kubeconfig could not be handed over (sealed into the shared directory). */
    KUBECONFIG_NOT_SAVED("KubeconfigNotSaved"),
    /** Something the k8s layer did not expect (or it was interrupted); see the message. */
    INTERNAL_ERROR("InternalError"),

    // --- apps (AppsFailed) --------------------------------------------------------------------------

    /** The cluster's spec (from ClusterRequested) never reached the apps layer. */
    SPEC_UNKNOWN("SpecUnknown"),
    /**
     * kubelode holds no admin kubeconfig for the cluster (the k8s layer writes it before ClusterJoined).
     * Permanent.
     */
    KUBECONFIG_MISSING("KubeconfigMissing"),
    /**
     * The cluster's sealed kubeconfig does not open (another seal key than the k8s layer's, or tampered).
     * Permanent.
     */
    KUBECONFIG_UNREADABLE("KubeconfigUnreadable"),
    /** The API server refused an object (validation, admission). Permanent. */
    APPLY_REJECTED("ApplyRejected"),
    /** The cluster's API server could not be reached after retries. Transient. */
    API_UNREACHABLE("ApiUnreachable"),
    /** The platform (ingress controller, volume provisioner) did not become ready in time. */
    PLATFORM_NOT_READY("PlatformNotReady"),
    /** At least one app did not become ready in time. */
    APPS_NOT_READY("AppsNotReady"),

    // --- dns (DnsFailed): the plan, all permanent ----------------------------------------------------

    /** No domain to publish under (the spec has none, or the app URLs name none). Permanent. */
    DOMAIN_UNKNOWN("DomainUnknown"),
    /** An app URL is not on the cluster's domain, or the URLs name more than one domain. Permanent. */
    APP_URL_MALFORMED("AppUrlMalformed"),
    /** A node address is not an IPv4 address. Permanent. */
    NODE_ADDRESS_MALFORMED("NodeAddressMalformed"),
    /** No node address is known to publish (or to keep after a scale-down). Permanent. */
    NO_NODE_ADDRESSES("NoNodeAddresses"),

    // --- dns (DnsFailed): the provider --------------------------------------------------------------

    /** A desired name exists and is not the cluster's (no owner record of it). Permanent. */
    NAME_TAKEN_BY_OTHER("NameTakenByOther"),
    /** Linode's DNS: the domain vanished between ensuring it and changing its records. Transient. */
    DOMAIN_MISSING("DomainMissing"),
    /** Linode's DNS answered 404: the domain or record is not (or no longer) there. Permanent. */
    LINODE_NOT_FOUND("LinodeNotFound"),
    /** Linode's DNS API could not be reached (connection failed, interrupted). Transient. */
    LINODE_UNREACHABLE("LinodeUnreachable"),
    /** Linode's DNS API answered 429: waited out as asked, within a budget; raised when it ran out. Transient. */
    LINODE_RATE_LIMITED("LinodeRateLimited"),
    /** Linode's DNS API refused a request (a 4xx other than 401, 403, 404, 408, 429). Permanent. */
    LINODE_REJECTED("LinodeRejected"),
    /** Linode's DNS API answered something that does not parse. Permanent. */
    LINODE_ANSWER_UNREADABLE("LinodeAnswerUnreadable"),
    /** RFC 2136: the server does not serve the configured zone. Permanent. */
    ZONE_NOT_SERVED("ZoneNotServed"),
    /** RFC 2136: the domain is not inside the configured zone. Permanent. */
    DOMAIN_OUTSIDE_ZONE("DomainOutsideZone"),
    /** RFC 2136: an update answered SERVFAIL or YXRRSET (a name changed since it was observed). Transient. */
    DNS_UPDATE_RACED("DnsUpdateRaced"),
    /** RFC 2136: the server refused an update. Permanent. */
    DNS_UPDATE_REFUSED("DnsUpdateRefused"),
    /** RFC 2136: the server refused a zone transfer. Permanent. */
    ZONE_TRANSFER_REFUSED("ZoneTransferRefused"),
    /** RFC 2136: the server could not be reached. Transient. */
    DNS_SERVER_UNREACHABLE("DnsServerUnreachable"),
    /** RFC 2136: the server did not accept the TSIG key. Permanent. */
    TSIG_REJECTED("TsigRejected"),

    // --- dns (DnsAddressWithdrawn): a node's health --------------------------------------------------

    /** The API server says the node is not Ready. Transient: the address comes back when it is. */
    NODE_NOT_READY("NodeNotReady"),
    /** The node's ingress ports do not accept TCP connections. Transient: the address comes back when they do. */
    PORTS_UNREACHABLE("PortsUnreachable"),

    // --- reading ------------------------------------------------------------------------------------

    /**
     * A code this version of the contract does not know, read from a newer producer. Never raised by
     * a layer on its own; see the class comment for what is lost.
     */
    UNRECOGNIZED("Unrecognized");

    private static final Map<String, FailureReason> BY_CODE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(FailureReason::code, Function.identity()));

    private final String code;

    FailureReason(String code) {
        this.code = code;
    }

    /** The CamelCase code on the wire and in condition reasons, e.g. {@code LinodeCreateRejected}. */
    @JsonValue
    public String code() {
        return code;
    }

    /** The code of {@code reason} as conditions and progress show it, or {@code null} when a record had none. */
    public static String codeOf(FailureReason reason) {
        return reason == null ? null : reason.code();
    }

    /**
     * The constant of {@code code}; {@link #UNRECOGNIZED} for a code this version does not know (or
     * null), never an exception: a newer producer's reason must not make a record unreadable here.
     */
    @JsonCreator
    public static FailureReason ofCode(String code) {
        FailureReason known = code == null ? null : BY_CODE.get(code);
        return known == null ? UNRECOGNIZED : known;
    }

    /** The code: what logs, messages and condition reasons show. */
    @Override
    public String toString() {
        return code;
    }
}
