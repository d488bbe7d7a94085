package io.kubelode.k8s.plan;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** A kubeconfig file ({@code apiVersion: v1, kind: Config}) as typed records. */
@JsonPropertyOrder({"apiVersion", "kind", "clusters", "contexts", "current-context", "users"})
public record Kubeconfig(List<NamedCluster> clusters, List<NamedContext> contexts,
                         @JsonProperty("current-context") String currentContext, List<NamedUser> users) {

    @JsonProperty("apiVersion")
    public String apiVersion() {
        return "v1";
    }

    @JsonProperty("kind")
    public String kind() {
        return "Config";
    }

    /** A kubeconfig with one cluster, one client-certificate user, one context. */
    public static Kubeconfig of(String clusterName, String server, String caPem, String user, String certPem,
                                String keyPem) {
        String context = user + "@" + clusterName;
        return new Kubeconfig(
                List.of(new NamedCluster(clusterName, new Cluster(server, base64(caPem)))),
                List.of(new NamedContext(context, new Context(clusterName, user))), context,
                List.of(new NamedUser(user, new User(base64(certPem), base64(keyPem)))));
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "Kubeconfig[" + currentContext + ", credentials=<sealed>]";
    }

    public record NamedCluster(String name, Cluster cluster) {
    }

    public record Cluster(String server,
                          @JsonProperty("certificate-authority-data") String certificateAuthorityData) {
    }

    public record NamedContext(String name, Context context) {
    }

    public record Context(String cluster, String user) {
    }

    public record NamedUser(String name, User user) {
    }

    public record User(@JsonProperty("client-certificate-data") String clientCertificateData,
                       @JsonProperty("client-key-data") String clientKeyData) {
        @Override
        public String toString() {
            return "User[<sealed>]";
        }
    }
}
