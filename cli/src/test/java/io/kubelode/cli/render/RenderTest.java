package io.kubelode.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RenderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:05:00Z"), ZoneOffset.UTC);

    private static final String READY = """
            {"id":"homelab-abcde","name":"homelab","phase":"Ready",
             "spec":{"name":"homelab","region":"us-east","nodeType":"g6-nanode-1","image":"linode/debian12","nodes":2,
                     "domain":"dyll.in"},
             "createdAt":"2026-11-25T12:00:00Z","updatedAt":"2026-11-25T12:04:25Z","events":9,
             "conditions":[
               {"type":"Ready","status":"True","reason":"Ready","message":"every layer reported",
                "lastTransitionTime":"2026-11-25T12:04:25Z"},
               {"type":"InstanceReady","status":"True","reason":"Provisioned","message":"all 2 node(s)",
                "lastTransitionTime":"2026-11-25T12:00:45Z"},
               {"type":"ContainersReady","status":"False","reason":"ContainerStartFailed",
                "message":"lxc-start exited 1","lastTransitionTime":"2026-11-25T12:01:14Z"}],
             "nodes":[
               {"node":1,"label":"homelab-abcde-1","publicIpv4":"127.0.10.1","privateIpv4":"192.168.130.1",
                "conditions":[{"type":"InstanceReady","status":"True","reason":"Provisioned"},
                              {"type":"ContainersReady","status":"True","reason":"ContainersRunning",
                               "message":"homelab-abcde-1-master, homelab-abcde-1-worker unprivileged, SELinux disabled"}]},
               {"node":2,"label":null,"publicIpv4":null,"privateIpv4":null,
                "conditions":[{"type":"InstanceReady","status":"True","reason":"Provisioned"},
                              {"type":"ContainersReady","status":"False","reason":"ContainerStartFailed",
                               "message":"lxc-start exited 1"}]}],
             "apps":[{"app":"blog","host":"blog.dyll.in","url":"https://blog.dyll.in/","ready":true}],
             "dnsRecords":{"dyll.in":["127.0.10.1","127.0.10.2"]},
             "apiEndpoint":"https://127.0.10.1:6443"}""";

    @Test
    void aTableAlignsColumnsAndPrintsMissingCellsAsDashes() {
        String t = new TextTable("ID", "PHASE", "NODES").row("a-12345", "Ready", 3).row("long-cluster-id", null, "")
                .render();
        assertThat(t).isEqualTo("""
                ID               PHASE  NODES
                a-12345          Ready  3
                long-cluster-id  -      -
                """);
    }

    @Test
    void theListHasOneLinePerClusterWithReadyLayersAndAge() throws Exception {
        String text = new ClusterText(CLOCK).list(JSON.readTree("[" + READY + "]"));
        assertThat(text).isEqualTo("""
                ID             NAME     PHASE  NODES  REGION   READY  EVENTS  AGE
                homelab-abcde  homelab  Ready  2      us-east  1/2    9       5m
                """);
        assertThat(new ClusterText(CLOCK).list(JSON.readTree("[]"))).isEqualTo("No clusters.\n");
    }

    @Test
    void theDetailShowsConditionsTheNodeGridProblemsAppsAndDns() throws Exception {
        String text = new ClusterText(CLOCK).detail(JSON.readTree(READY));
        assertThat(text).isEqualTo("""
                Cluster:   homelab-abcde (homelab)
                Phase:     Ready
                Spec:      2 x g6-nanode-1 in us-east, linode/debian12, domain dyll.in
                API:       https://127.0.10.1:6443
                Created:   2026-11-25T12:00:00Z (5m ago), 9 event(s)

                CONDITION        STATUS  REASON                MESSAGE               LAST TRANSITION
                Ready            True    Ready                 every layer reported  2026-11-25T12:04:25Z
                InstanceReady    True    Provisioned           all 2 node(s)         2026-11-25T12:00:45Z
                ContainersReady  False   ContainerStartFailed  lxc-start exited 1    2026-11-25T12:01:14Z

                NODE  LABEL            PUBLIC IPV4  PRIVATE IPV4   INSTANCE          CONTAINERS
                1     homelab-abcde-1  127.0.10.1   192.168.130.1  True/Provisioned  True/ContainersRunning
                2     -                -            -              True/Provisioned  False/ContainerStartFailed

                Containers:
                  node 1: homelab-abcde-1-master, homelab-abcde-1-worker unprivileged, SELinux disabled

                Problems:
                  node 2 ContainersReady: ContainerStartFailed - lxc-start exited 1

                APP   HOST          URL                    READY
                blog  blog.dyll.in  https://blog.dyll.in/  yes

                DNS NAME  A RECORDS
                dyll.in   127.0.10.1, 127.0.10.2
                """);
    }

    private static final String DEGRADED = """
            {"id":"homelab-abcde","name":"homelab","phase":"Degraded",
             "spec":{"name":"homelab","region":"us-east","nodeType":"g6-nanode-1","image":"linode/debian12","nodes":2,
                     "domain":"dyll.in"},
             "createdAt":"2026-11-25T12:00:00Z","updatedAt":"2026-11-25T12:04:50Z","events":14,
             "conditions":[
               {"type":"Ready","status":"False","reason":"Degraded","message":"repair of node 2 failed",
                "lastTransitionTime":"2026-11-25T12:04:00Z"},
               {"type":"InstanceReady","status":"True","reason":"Provisioned","message":"all 2 node(s)",
                "lastTransitionTime":"2026-11-25T12:00:45Z"},
               {"type":"ContainersReady","status":"False","reason":"LxdContainersFailed",
                "message":"repair failed: lxc-start exited 1","lastTransitionTime":"2026-11-25T12:04:50Z"},
               {"type":"NodeRepaired","status":"False","reason":"LxdContainersFailed",
                "message":"repair of node 2 (REPLACE) failed: LxdContainersFailed - lxc-start exited 1; a person is needed",
                "lastTransitionTime":"2026-11-25T12:04:50Z"}],
             "nodes":[
               {"node":1,"label":"homelab-abcde-1","linodeId":1001,"publicIpv4":"127.0.10.1",
                "privateIpv4":"192.168.130.1",
                "conditions":[{"type":"InstanceReady","status":"True","reason":"Provisioned"},
                              {"type":"ContainersReady","status":"True","reason":"ContainersRunning"}]},
               {"node":2,"label":"homelab-abcde-2","linodeId":2002,"publicIpv4":"127.0.20.2",
                "privateIpv4":"192.168.130.2",
                "conditions":[{"type":"InstanceReady","status":"True","reason":"Provisioned"},
                              {"type":"ContainersReady","status":"False","reason":"LxdContainersFailed",
                               "message":"repair failed: lxc-start exited 1"}]}],
             "apps":[],"dnsRecords":{},
             "lastRepair":{"node":2,"repair":"REPLACE","state":"Failed","cause":"unreachable for PT10M",
               "startedAt":"2026-11-25T12:04:00Z","finishedAt":"2026-11-25T12:04:50Z","seconds":null,
               "linodeId":1002,"publicIpv4":"127.0.10.2","newLinodeId":2002,"newPublicIpv4":"127.0.20.2",
               "reason":"LxdContainersFailed",
               "message":"repair of node 2 (REPLACE) failed: LxdContainersFailed - lxc-start exited 1; a person is needed"}}""";

    @Test
    void aFailedRepairShowsInTheDetailWithTheReplacedNodesNewInstance() throws Exception {
        String text = new ClusterText(CLOCK).detail(JSON.readTree(DEGRADED));
        assertThat(text).isEqualTo("""
                Cluster:   homelab-abcde (homelab)
                Phase:     Degraded
                Repair:    repair of node 2 (REPLACE) failed: LxdContainersFailed - lxc-start exited 1; a person is needed (2026-11-25T12:04:50Z)
                Spec:      2 x g6-nanode-1 in us-east, linode/debian12, domain dyll.in
                Created:   2026-11-25T12:00:00Z (5m ago), 14 event(s)

                CONDITION        STATUS  REASON               MESSAGE                                                                                          LAST TRANSITION
                Ready            False   Degraded             repair of node 2 failed                                                                          2026-11-25T12:04:00Z
                InstanceReady    True    Provisioned          all 2 node(s)                                                                                    2026-11-25T12:00:45Z
                ContainersReady  False   LxdContainersFailed  repair failed: lxc-start exited 1                                                                2026-11-25T12:04:50Z
                NodeRepaired     False   LxdContainersFailed  repair of node 2 (REPLACE) failed: LxdContainersFailed - lxc-start exited 1; a person is needed  2026-11-25T12:04:50Z

                NODE  LABEL            LINODE  PUBLIC IPV4  PRIVATE IPV4   INSTANCE          CONTAINERS
                1     homelab-abcde-1  1001    127.0.10.1   192.168.130.1  True/Provisioned  True/ContainersRunning
                2     homelab-abcde-2  2002    127.0.20.2   192.168.130.2  True/Provisioned  False/LxdContainersFailed

                Problems:
                  node 2 ContainersReady: LxdContainersFailed - repair failed: lxc-start exited 1
                """);
        assertThat(new ClusterText(CLOCK).list(JSON.readTree("[" + DEGRADED + "]"))).as("READY counts the layers"
                + " only").isEqualTo("""
                ID             NAME     PHASE     NODES  REGION   READY  EVENTS  AGE
                homelab-abcde  homelab  Degraded  2      us-east  1/2    14      5m
                """);
    }

    @Test
    void jsonAndYamlAreTheGatewaysDocument() throws Exception {
        JsonNode doc = JSON.readTree("{\"id\":\"c-abcde\",\"nodes\":[1,2],\"phase\":\"Ready\"}");
        assertThat(Format.json.render(doc, d -> "table")).isEqualTo("""
                {
                  "id" : "c-abcde",
                  "nodes" : [ 1, 2 ],
                  "phase" : "Ready"
                }
                """);
        assertThat(Format.yaml.render(doc, d -> "table")).isEqualTo("""
                id: c-abcde
                nodes:
                - 1
                - 2
                phase: Ready
                """);
        assertThat(Format.table.render(doc, d -> "table")).isEqualTo("table");
    }

    @Test
    void aProblemReadsAsTitleDetailFieldErrorsAndHint() throws Exception {
        JsonNode p = JSON.readTree("""
                {"title":"Unreadable cluster spec","status":400,"detail":"unknown field 'colour'",
                 "errors":[{"field":"colour","message":"is not a field of a cluster spec"},{"message":"whole"}]}""");
        assertThat(ProblemText.render(400, p, "fix it")).isEqualTo("""
                error: Unreadable cluster spec (HTTP 400)
                  unknown field 'colour'
                  - colour: is not a field of a cluster spec
                  - (spec): whole
                  hint: fix it
                """);
    }

    @Test
    void thePlanSaysWhatThePreflightFoundAndEndsWithTheMonthlyCost() throws Exception {
        JsonNode plan = JSON.readTree("""
                {"clusterId":"homelab-abcde","instances":[{"node":1,"label":"homelab-abcde-1","region":"us-east",
                  "type":"g6-nanode-1","image":"linode/debian12"}],
                 "containers":[{"node":1,"name":"homelab-abcde-1-master","role":"master","address":"10.100.1.2",
                  "unprivileged":true}],
                 "addressPlan":{"containerCidr":"10.100.0.0/16","clusterCidr":"10.101.0.0/16",
                  "serviceCidr":"10.102.0.0/16","meshCidr":"10.103.0.0/24","homeMeshAddress":null},
                 "apps":[],"dnsRecords":[{"name":"dyll.in","type":"A","ttlSec":300,"values":"every node"}],
                 "steps":[{"order":1,"layer":"provisioner","node":1,"action":"create","command":"POST /v4/x"},
                          {"order":2,"layer":"dns","node":null,"action":"publish","command":"A records"}],
                 "cost":{"currency":"USD","nodeType":"g6-nanode-1","perNode":5.0,"nodes":3,"monthly":15.0,
                  "priceSource":"GET /linode/types at https://api.linode.com/v4"},
                 "preflight":{"checked":true,"fits":false,"overcommitMemory":true,
                  "memory":{"perInstanceMiB":2660},"verdict":"g6-nanode-1 (1024 MiB) is too small"}}""");
        String text = PlanText.render(plan);
        assertThat(text).startsWith("Plan for cluster homelab-abcde (dry run: nothing was created, nothing is charged)")
                .contains("1     homelab-abcde-1  us-east  g6-nanode-1  linode/debian12",
                        "Address plan: containers 10.100.0.0/16, pods 10.101.0.0/16, services 10.102.0.0/16,"
                                + " mesh 10.103.0.0/24\n",
                        "2     dns          all   publish  A records")
                .contains("Preflight: region, image and type checked against Linode\n"
                        + "  every instance holds 2660 MiB before any pod",
                        "  memory: g6-nanode-1 (1024 MiB) is too small\n"
                        + "  WARNING: the apps do not fit and overcommitMemory is true")
                .endsWith("Monthly cost: 3 x g6-nanode-1 at 5.00 USD = 15.00 USD/month (GET /linode/types at"
                        + " https://api.linode.com/v4)\n");
        assertThat(PlanText.preflight(JSON.readTree("{\"checked\":false,\"verdict\":\"not checked: no Linode\"}")))
                .isEqualTo("Preflight: not checked: no Linode\n");
        assertThat(PlanText.preflight(JSON.readTree("{\"checked\":true,\"fits\":true,\"overcommitMemory\":false,"
                + "\"verdict\":\"3 x g6-standard-2 (4096 MiB): fine\"}"))).doesNotContain("WARNING")
                .contains("  memory: 3 x g6-standard-2 (4096 MiB): fine\n");
        assertThat(PlanText.cost(JSON.readTree("{\"nodeType\":\"g7-x\",\"nodes\":3,\"perNode\":null,\"monthly\":null,"
                + "\"priceSource\":\"static table (no price for g7-x)\"}")))
                .isEqualTo("Monthly cost: 3 x g7-x at unknown = unknown (static table (no price for g7-x))");
    }

    @Test
    void durationsReadLikeKubectl() {
        assertThat(Times.age(Duration.ofSeconds(42))).isEqualTo("42s");
        assertThat(Times.age(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(Times.age(Duration.ofMinutes(125))).isEqualTo("2h05m");
        assertThat(Times.age(Duration.ofHours(76))).isEqualTo("3d4h");
        assertThat(Times.clock(Duration.ofSeconds(65))).isEqualTo("01:05");
        assertThat(Times.clock(Duration.ofSeconds(3723))).isEqualTo("1:02:03");
    }
}
