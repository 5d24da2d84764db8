using System.Net;
using System.Net.Sockets;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Api.Simulation;

namespace SdnCtl.Api.Endpoints;

/// <summary><c>POST /api/v1/sim/connect</c>: a TCP connection or UDP exchange between simulated hosts, e.g. through a NAT's port forward.</summary>
internal static class ConnectEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/sim/connect", async (ConnectRequest? body, IServiceProvider services, CancellationToken ct) =>
        {
            var simulator = services.GetService<ISimulatorControl>();
            if ((services.GetService<ISimulatorConnections>() ?? simulator as ISimulatorConnections) is not { } connections || simulator is null)
            {
                return Problems.NotFound("Simulator", "this controller runs without a simulated network (start it with `sdnctl run FILE`)");
            }

            if (body is null)
            {
                return Problems.BadField("body", "a JSON body {\"src\": host, \"dst\": host or IPv4 address, \"protocol\": \"tcp\" or \"udp\", \"port\": 1-65535} is required");
            }

            if (string.IsNullOrWhiteSpace(body.Src))
            {
                return Problems.BadField("src", "the source host name is required");
            }

            if (!simulator.Inventory.Hosts.Contains(body.Src, StringComparer.Ordinal))
            {
                return Problems.BadField("src", $"no simulated host is named '{body.Src}'");
            }

            if (string.IsNullOrWhiteSpace(body.Dst))
            {
                return Problems.BadField("dst", "the destination (a host name or an IPv4 address) is required");
            }

            bool isAddress = IPAddress.TryParse(body.Dst, out var address) && address.AddressFamily == AddressFamily.InterNetwork && body.Dst.Count(c => c == '.') == 3;
            if (!isAddress && !simulator.Inventory.Hosts.Contains(body.Dst, StringComparer.Ordinal))
            {
                return Problems.BadField("dst", $"'{body.Dst}' is neither a simulated host nor an IPv4 address");
            }

            bool? tcp = body.Protocol?.ToUpperInvariant() switch
            {
                "TCP" => true,
                "UDP" => false,
                _ => null,
            };
            if (tcp is null)
            {
                return Problems.BadField("protocol", $"'{body.Protocol}' is not tcp or udp");
            }

            if (body.Port is not (>= 1 and <= 65535))
            {
                return Problems.BadField("port", $"{(body.Port is null ? "a port" : body.Port.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))} is required and must be 1–65535");
            }

            var outcome = await connections.ConnectAsync(body.Src, body.Dst, tcp.Value, (ushort)body.Port.Value, ct).ConfigureAwait(false);
            return Results.Ok(new ConnectResponse(body.Src, body.Dst, tcp.Value ? "tcp" : "udp", body.Port.Value, outcome.Status == "connected", outcome.Status, outcome.Path, outcome.ReplyPath, outcome.Detail));
        })
        .WithTags("Simulator")
        .WithName("Connect").WithSummary("Opens a TCP connection (SYN → SYN-ACK or RST) or exchanges a UDP datagram between simulated hosts; dst may be an IPv4 address such as a NAT's outside address with a port forward.")
        .Produces<ConnectResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }
}
