using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Api.Simulation;
using SdnCtl.Topology;

namespace SdnCtl.Api.Endpoints;

/// <summary>pcap capture of simulated ports: start with POST, download with GET (Wireshark and tshark read it), stop with DELETE.</summary>
internal static class CaptureEndpoints
{
    private const string PcapMediaType = "application/vnd.tcpdump.pcap";

    public static void Map(RouteGroupBuilder api)
    {
        var captures = api.MapGroup("/sim/captures").WithTags("Simulator");

        captures.MapPost("/", (CaptureRequest? body, IServiceProvider services) =>
        {
            if (Captures(services) is not { } sim)
            {
                return NoSimulator();
            }

            if (body?.Port is not { } port || !PortRef.TryParse(port, out _))
            {
                return Problems.BadField("port", "the port to capture is required as 'switch:port', like 's1:1'");
            }

            return sim.Start(port) is { } capture
                ? Results.Created($"/api/v1/sim/captures/{capture.Id}", capture)
                : Problems.BadField("port", $"'{port}' is not a cabled port of a simulated switch");
        })
        .WithName("StartCapture").WithSummary("Starts capturing every frame sent and received on a simulated switch port into a pcap file.")
        .Produces<CaptureInfo>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);

        captures.MapGet("/", (IServiceProvider services) =>
            Captures(services) is { } sim ? Results.Ok(sim.List()) : NoSimulator())
            .WithName("ListCaptures").WithSummary("Every capture, running or stopped.")
            .Produces<CaptureInfo[]>();

        captures.MapGet("/{id:int}", (int id, IServiceProvider services) =>
            Captures(services) is not { } sim ? NoSimulator()
            : sim.Read(id) is { } bytes ? Results.File(bytes, PcapMediaType, $"capture-{id}.pcap")
            : Problems.NotFound("Capture", $"no capture has id {id}"))
            .WithName("DownloadCapture").WithSummary("Downloads what a capture holds so far, as a pcap file.")
            .Produces(StatusCodes.Status200OK, contentType: PcapMediaType).ProducesProblem(StatusCodes.Status404NotFound);

        captures.MapDelete("/{id:int}", (int id, IServiceProvider services) =>
            Captures(services) is not { } sim ? NoSimulator()
            : sim.Stop(id) ? Results.NoContent()
            : Problems.NotFound("Capture", $"no capture has id {id}"))
            .WithName("StopCapture").WithSummary("Stops a capture; its file can still be downloaded.")
            .Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static ISimulatorCaptures? Captures(IServiceProvider services) =>
        services.GetService<ISimulatorCaptures>() ?? services.GetService<ISimulatorControl>() as ISimulatorCaptures;

    private static IResult NoSimulator() =>
        Problems.NotFound("Simulator", "this controller runs without a simulated network (start it with `sdnctl run FILE`)");
}
