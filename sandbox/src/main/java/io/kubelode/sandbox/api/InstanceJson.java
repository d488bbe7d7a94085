package io.kubelode.sandbox.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.kubelode.sandbox.cloud.Instance;
import io.kubelode.sandbox.cloud.LinodeType;
import java.util.ArrayList;
import java.util.List;

/** The Linode object of the API. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record InstanceJson(long id, String label, String group, String status, String created, String updated,
                           String type, List<String> ipv4, String ipv6, String image, String region,
                           Specs specs, Alerts alerts, Backups backups, String hypervisor, boolean watchdogEnabled,
                           List<String> tags, String hostUuid, boolean hasUserData, Object placementGroup,
                           Long lkeClusterId, List<String> capabilities) {

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Specs(int disk, int memory, int vcpus, int gpus, int transfer) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Alerts(int cpu, int io, int networkIn, int networkOut, int transferQuota) {}

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Backups(boolean enabled, boolean available, Schedule schedule) {}

    public record Schedule(String day, String window) {}

    public static InstanceJson of(Instance i) {
        LinodeType t = i.type();
        List<String> ipv4 = new ArrayList<>();
        ipv4.add(i.publicIpv4().getHostAddress());
        if (i.privateIpv4() != null) {
            ipv4.add(i.privateIpv4());
        }
        return new InstanceJson(i.id(), i.label(), i.group() == null ? "" : i.group(), i.status().wire(),
                Json.time(i.created()), Json.time(i.updated()), t.id(), ipv4, i.ipv6(), i.image(), i.region(),
                new Specs(t.disk(), t.memory(), t.vcpus(), 0, t.transfer()),
                new Alerts(90 * t.vcpus(), 10000, 10, 10, 80),
                new Backups(false, false, new Schedule(null, null)),
                "kvm", true, i.tags(), i.hostUuid(), i.hasUserData(), null, null, List.of());
    }
}
