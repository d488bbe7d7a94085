package io.kubelode.sandbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;

/** Configuration of the sandbox: a local stand-in for Linode (API v4 subset, SSH endpoints). */
@ConfigMapping(prefix = "kubelode.sandbox")
public interface SandboxConfig {

    /** The CloudEvents {@code source} of the events this service publishes. */
    @WithDefault("/kubelode/sandbox")
    String source();

    /** Personal access tokens the API accepts as {@code Authorization: Bearer <token>}. */
    @WithDefault("sandbox-token")
    List<String> tokens();

    /** Delays of the instance life cycle. */
    Delays delays();

    /** Rate limits, per token, like Linode's. */
    @WithName("rate-limit")
    RateLimits rateLimit();

    /** Addresses and SSH servers of the instances. */
    Network network();

    /** The Kubernetes API the sandbox serves for each cluster once {@code kubeadm init} ran. */
    Kube kube();

    /** Life-cycle delays; all zero is the zero-delay mode. */
    interface Delays {
        /** How long a new instance stays {@code provisioning}. */
        @WithDefault("2s")
        Duration provisioning();

        /** How long a boot or reboot stays {@code booting}/{@code rebooting} before {@code running}. */
        @WithDefault("3s")
        Duration boot();
    }

    /** Fixed-window request budgets per token. */
    interface RateLimits {
        /** Requests per window, all operations together (Linode's default is 800 per minute). */
        @WithDefault("800")
        int requests();

        /** The window of {@link #requests()}. */
        @WithDefault("60s")
        Duration window();

        /** Instance creates per {@link #createWindow()}. */
        @WithDefault("5")
        int creates();

        /** The window of {@link #creates()}. */
        @WithName("create-window")
        @WithDefault("15s")
        Duration createWindow();
    }

    /** Where instances live. */
    interface Network {
        /** The loopback range whose addresses are handed out as public IPv4 addresses, one per instance. */
        @WithName("public-ipv4-range")
        @WithDefault("127.77.0.0/16")
        String publicIpv4Range();

        /** The TCP port every instance's SSH server listens on (at the instance's own address). */
        @WithName("ssh-port")
        @WithDefault("22")
        int sshPort();
    }

    /** What an instance is made of. */
    Machines machines();

    /**
     * {@code model} (the default): an instance answers kubelode's scripts from a state model and
     * never runs them. {@code real}: an instance is a real Debian 12 machine (a system container)
     * that runs them; needs root and Debian's lxc, lxc-templates and cloud-init's base
     * ({@code io.kubelode.hosts.DebianHost}).
     */
    interface Machines {
        @WithDefault("model")
        String mode();

        /** The bridge that stands for the internet; its address is the first of {@code network.public-ipv4-range}. */
        @WithDefault("klsbx0")
        String bridge();

        /** The machines' names are this, a dash and the instance id. */
        @WithName("name-prefix")
        @WithDefault("kl-sbx")
        String namePrefix();

        /**
         * The TCP port, at the bridge's own address, of what the machines reach of the sandbox: the apt
         * repository of the Kubernetes stand-in packages and their calls ({@code io.kubelode.sandbox.standin}).
         */
        @WithName("door-port")
        @WithDefault("8079")
        int doorPort();

        /** The highest patch release of every minor the stand-in repository offers packages of. */
        @WithName("standin-max-patch")
        @WithDefault("30")
        int standinMaxPatch();
    }

    /** The clusters' Kubernetes APIs. */
    interface Kube {
        /** The TCP port of a cluster's API at its first control plane's public address (kubeadm's 6443). */
        @WithDefault("6443")
        int port();

        /** How long a Deployment, StatefulSet or DaemonSet waits before it becomes ready; 0 allowed. */
        @WithName("ready-delay")
        @WithDefault("300ms")
        Duration readyDelay();
    }
}
