using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace SdnCtl.Api.Infrastructure;

/// <summary>
/// Request body examples in the OpenAPI document, by operation id: each one a request that works
/// against the linear-3 network with tenant <c>corp</c> (a test posts them). The first is also the
/// media type's <c>example</c>, which most tools show.
/// </summary>
internal static class RequestExamples
{
    private static readonly Dictionary<string, (string Name, string Summary, string Json)[]> ByOperation = new(StringComparer.Ordinal)
    {
        ["CreateChain"] =
        [
            ("chain", "Traffic h1 → h3 through two one-armed appliances in order", """{"name": "inspect", "classifier": {"src": "h1", "dst": "h3"}, "appliances": ["fw1", "fw2"]}"""),
            ("web", "Only TCP to port 80", """{"name": "web", "classifier": {"src": "h1", "dst": "h3", "ipProto": 6, "dstPort": 80}, "appliances": ["fw1"]}"""),
            ("tenant", "All TCP/80 traffic of tenant a's segment web, to anything in the segment, through fw1 then fw2", """{"name": "a-web", "classifier": {"tenant": "a", "segment": "web", "ipProto": 6, "dstPort": 80}, "appliances": ["fw1", "fw2"]}"""),
            ("tenant-hosts", "Between two members of a tenant segment, the replies back through fw2 then fw1", """{"name": "a-h1-h3", "classifier": {"tenant": "a", "src": "h1", "dst": "h3"}, "appliances": ["fw1", "fw2"], "symmetric": true}"""),
            ("one-way", "Between two hosts, return traffic not steered", """{"name": "one-way", "classifier": {"src": "h1", "dst": "h3"}, "appliances": ["fw1"], "symmetric": false}"""),
        ],
        ["CreateTenant"] = [("tenant", "A tenant with no segments yet", """{"name": "corp"}""")],
        ["CreateSegment"] =
        [
            ("vlan", "A VLAN segment with an access port and a host by MAC", """{"name": "web", "vlan": 10, "subnet": "10.0.10.0/24", "priority": 0, "members": [{"port": "s1:1"}, {"mac": "00:00:00:00:00:02"}]}"""),
            ("vxlan", "A VXLAN overlay across VTEPs", """{"name": "overlay", "vxlan": 5001, "members": [{"port": "s3:1"}]}"""),
        ],
        ["AddMember"] =
        [
            ("port", "An access port (switch:port)", """{"port": "s2:1"}"""),
            ("mac", "A host by MAC address", """{"mac": "00:00:00:00:00:03"}"""),
            ("host", "A host by name", """{"host": "h3"}"""),
            ("subnet", "Hosts by source subnet", """{"subnet": "10.0.20.0/24"}"""),
        ],
        ["AddSwitchFlow"] =
        [
            ("ipv4", "Traffic to a subnet out of port 2", """{"table": 0, "priority": 100, "cookie": "0x10", "idleTimeout": 0, "hardTimeout": 0, "match": {"eth_type": 2048, "ipv4_dst": "10.0.0.0/24"}, "actions": ["output:2"]}"""),
            ("vlan", "Tag frames from port 1 with VLAN 7", """{"priority": 200, "match": {"in_port": 1}, "actions": ["push_vlan:0x8100", "set_field:7->vlan_vid", "output:2"]}"""),
        ],
        ["AddFlows"] =
        [
            ("batch", "Two flows on two switches, all or none", """{"flows": [{"dpid": "s1", "priority": 100, "cookie": "0x11", "match": {"in_port": 1}, "actions": ["output:2"]}, {"dpid": "s2", "priority": 100, "cookie": "0x12", "match": {"eth_dst": "00:00:00:00:00:03"}, "actions": ["output:3"]}]}"""),
        ],
        ["CreateApiKey"] =
        [
            ("admin", "A key that may do everything", """{"name": "ci pipeline", "scope": "admin"}"""),
            ("tenant", "A key that sees and changes only tenant corp", """{"name": "corp portal", "scope": "tenant:corp"}"""),
        ],
        ["CreateReservation"] = [("reservation", "100 Mb/s from h1 to h3 on the lowest-latency path", """{"src": "h1", "dst": "h3", "bandwidthMbps": 100, "metric": "latency"}""")],
        ["Ping"] = [("ping", "h1 pings h3", """{"src": "h1", "dst": "h3"}""")],
        ["StartCapture"] = [("capture", "Capture h1's port", """{"port": "s1:1"}""")],
        ["CreateIntent"] =
        [
            ("host-to-host", "h1 and h3 connected both ways over at most 4 links", """{"type": "host-to-host", "src": "h1", "dst": "h3", "constraints": {"maxHops": 4}}"""),
            ("protected", "Web traffic from h1 to h3 with a link-disjoint backup in fast-failover groups", """{"type": "host-to-host", "src": "h1", "dst": "h3", "protected": true, "match": {"ipProto": 6, "dstPort": 80}}"""),
            ("point-to-point", "Port to port with 100 Mb/s reserved", """{"type": "point-to-point", "src": "s1:1", "dst": "s3:1", "constraints": {"minBandwidthMbps": 100}}"""),
        ],
        ["Connect"] =
        [
            ("tcp", "Open a TCP connection from h1 to port 22 of h3", """{"src": "h1", "dst": "h3", "protocol": "tcp", "port": 22}"""),
            ("udp", "Send a UDP datagram to an address (a NAT's outside address with a forward)", """{"src": "h1", "dst": "192.168.1.50", "protocol": "udp", "port": 53}"""),
        ],
        ["SetTenantRateLimit"] = [("limit", "Cap the tenant at 100 Mb/s per switch with a 1 Mbit burst", """{"rateLimitMbps": 100, "burstKbits": 1000}""")],
        ["CreateAppliance"] =
        [
            ("firewall", "A firewall that lets SSH in and denies the rest", """{"name": "fw-1", "kind": "firewall", "defaultAction": "deny", "rules": [{"name": "ssh", "action": "allow", "protocol": "tcp", "destinationPorts": "22"}], "interfaces": [{"name": "a", "mac": "02:00:00:00:0f:01", "attachment": "s1:9"}]}"""),
            ("router", "A router between two subnets", """{"name": "rt-1", "kind": "router", "interfaces": [{"name": "a", "mac": "02:00:00:00:0e:01", "address": "10.50.0.1/24", "attachment": "s1:10"}, {"name": "b", "mac": "02:00:00:00:0e:02", "address": "10.60.0.1/24", "attachment": "s2:10"}]}"""),
        ],
        ["ReplaceAppliance"] = [("firewall", "The firewall's whole configuration, allowing everything", """{"kind": "firewall", "defaultAction": "allow", "interfaces": [{"name": "a", "mac": "02:00:00:00:0f:01", "attachment": "s1:9"}]}""")],
        ["ReplaceApplianceSection"] = [("rules", "A firewall's rules, in order", """[{"name": "web", "action": "allow", "protocol": "tcp", "destinationPorts": "80-443"}, {"name": "rest", "action": "reject"}]""")],
        ["AddApplianceEntry"] =
        [
            ("route", "A router's static route", """{"destination": "10.70.0.0/16", "nextHop": "10.60.0.254"}"""),
            ("forward", "A NAT's port forward", """{"protocol": "tcp", "externalPort": 2280, "insideAddress": "10.0.2.5", "insidePort": 80}"""),
        ],
    };

    /// <summary>Adds the examples to each operation that has some.</summary>
    public static OpenApiOptions AddRequestExamples(this OpenApiOptions options) =>
        options.AddOperationTransformer((operation, _, _) =>
        {
            if (operation.OperationId is { } id
                && ByOperation.TryGetValue(id, out var examples)
                && operation.RequestBody?.Content is { } content
                && content.TryGetValue("application/json", out var media))
            {
                media.Example = JsonNode.Parse(examples[0].Json);
                media.Examples ??= new Dictionary<string, IOpenApiExample>();
                foreach (var (name, summary, json) in examples)
                {
                    media.Examples[name] = new OpenApiExample { Summary = summary, Value = JsonNode.Parse(json) };
                }
            }

            return Task.CompletedTask;
        });
}
