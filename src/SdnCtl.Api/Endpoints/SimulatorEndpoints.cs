using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Api.Simulation;

namespace SdnCtl.Api.Endpoints;

/// <summary>Simulator controls: ping between hosts, cut and restore links.</summary>
internal static class SimulatorEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var sim = api.MapGroup("/sim").WithTags("Simulator");

        sim.MapPost("/ping", async (PingRequest? body, IServiceProvider services, CancellationToken ct) =>
        {
            if (services.GetService<ISimulatorControl>() is not { } simulator)
            {
                return NoSimulator();
            }

            if (body is null)
            {
                return Problems.BadField("body", "a JSON body {\"src\": host, \"dst\": host} is required");
            }

            if (string.IsNullOrWhiteSpace(body.Src))
            {
                return Problems.BadField("src", "the source host name is required");
            }

            if (string.IsNullOrWhiteSpace(body.Dst))
            {
                return Problems.BadField("dst", "the destination host name is required");
            }

            if (body.TimeoutMs is < 1 or > PingRequest.MaxTimeoutMs)
            {
                return Problems.BadField("timeoutMs", $"the wait for the reply must be 1 to {PingRequest.MaxTimeoutMs} ms; got {body.TimeoutMs}");
            }

            var hosts = simulator.Inventory.Hosts;
            if (!hosts.Contains(body.Src, StringComparer.Ordinal))
            {
                return Problems.BadField("src", $"no simulated host is named '{body.Src}'");
            }

            if (!hosts.Contains(body.Dst, StringComparer.Ordinal))
            {
                return Problems.BadField("dst", $"no simulated host is named '{body.Dst}'");
            }

            var outcome = await simulator.PingAsync(body.Src, body.Dst, body.TimeoutMs is int ms ? TimeSpan.FromMilliseconds(ms) : null, ct).ConfigureAwait(false);
            return Results.Ok(new PingResponse(body.Src, body.Dst, outcome.Status == PingStatus.Replied, outcome.Status.ToString(), outcome.Path, outcome.ReplyPath, outcome.Detail));
        })
        .WithName("Ping").WithSummary("Sends an ICMP echo between two simulated hosts and reports whether the reply came back and the path it took.")
        .Produces<PingResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        sim.MapPost("/links/{a}/{b}/down", (string a, string b, IServiceProvider services, CancellationToken ct) => ChangeLink(a, b, false, services, ct))
            .WithName("CutLink").WithSummary("Cuts every link between switches a and b (names or datapath ids); the switches report the ports down.")
            .Produces<LinkChangeResponse>().ProducesProblem(StatusCodes.Status404NotFound);
        sim.MapPost("/links/{a}/{b}/up", (string a, string b, IServiceProvider services, CancellationToken ct) => ChangeLink(a, b, true, services, ct))
            .WithName("RestoreLink").WithSummary("Restores every link between switches a and b.")
            .Produces<LinkChangeResponse>().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> ChangeLink(string a, string b, bool up, IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<ISimulatorControl>() is not { } simulator)
        {
            return NoSimulator();
        }

        var outcome = await simulator.SetLinkStateAsync(a, b, up, ct).ConfigureAwait(false);
        return outcome.Found
            ? Results.Ok(new LinkChangeResponse(outcome.Up, outcome.Links))
            : Problems.NotFound("Link", $"no simulated link joins '{a}' and '{b}'");
    }

    private static IResult NoSimulator() =>
        Problems.NotFound("Simulator", "this controller runs without a simulated network (start it with `sdnctl run FILE`)");
}
