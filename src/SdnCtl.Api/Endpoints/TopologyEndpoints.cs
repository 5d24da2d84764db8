using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;

namespace SdnCtl.Api.Endpoints;

/// <summary>Topology, switches, flows, hosts and links: what the controller has discovered.</summary>
internal static class TopologyEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/topology", (IControlPlane cp) =>
            TypedResults.Ok(TopologyMapper.ToDto(cp.Topology, cp.CompareWithDeclared())))
            .WithName("GetTopology").WithTags("Topology")
            .WithSummary("Switches with ports, links and hosts as discovered, the snapshot version, and the differences from the topology file.");

        api.MapGet("/switches", (IControlPlane cp) =>
            TypedResults.Ok(cp.Topology.Switches.Select(TopologyMapper.ToDto).ToArray()))
            .WithName("ListSwitches").WithTags("Switches").WithSummary("Connected switches.");

        api.MapGet("/switches/{dpid}", (string dpid, IControlPlane cp) =>
        {
            var snapshot = cp.Topology;
            if (!DatapathIds.TryParse(dpid, snapshot, out ulong id))
            {
                return Problems.BadField("dpid", $"'{dpid}' is not a datapath id (16 hex digits, 0x…, colon form, decimal) or a switch name");
            }

            return snapshot.FindSwitch(id) is { } sw
                ? Results.Ok(TopologyMapper.ToDto(sw))
                : Problems.NotFound("Switch", $"no switch with datapath id {DatapathIds.Format(id)} is connected");
        })
        .WithName("GetSwitch").WithTags("Switches").WithSummary("One switch by datapath id or name.")
        .Produces<SwitchDto>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/hosts", (IControlPlane cp) =>
        {
            var s = cp.Topology;
            return TypedResults.Ok(s.Hosts.Select(h => TopologyMapper.ToDto(h, s)).ToArray());
        }).WithName("ListHosts").WithTags("Hosts").WithSummary("Hosts learned from ARP and IPv4 packet-ins, with their attachment points.");

        api.MapGet("/links", (IControlPlane cp) =>
        {
            var s = cp.Topology;
            return TypedResults.Ok(s.Links.Select(l => TopologyMapper.ToDto(l, s)).ToArray());
        }).WithName("ListLinks").WithTags("Links").WithSummary("Directed links discovered by LLDP.");
    }
}
