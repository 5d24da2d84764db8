using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SdnCtl.Api.Events;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;
using SdnCtl.Control.Events;

namespace SdnCtl.Api.Endpoints;

/// <summary><c>GET /api/v1/events</c>: the control plane's events as Server-Sent Events.</summary>
internal static class EventEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamAsync)
            .WithName("StreamEvents").WithTags("Events")
            .WithSummary("Server-Sent Events: switch_up/down, port_up/down, link_up/down, host_learned/moved/removed, reroute, … " +
                "Each has 'event:' its type, 'id:' the topology version and 'data:' a JSON object; ?type=link_up,link_down keeps only those types.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> StreamAsync(HttpContext http, IControlPlane cp, IOptions<JsonOptions> json, string? type, CancellationToken ct)
    {
        HashSet<string>? only = null;
        if (type is not null)
        {
            only = new HashSet<string>(StringComparer.Ordinal);
            foreach (string name in type.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!EventText.KnownTypes.Contains(name))
                {
                    return Problems.BadField("type", $"'{name}' is not an event type; known: {string.Join(", ", EventText.KnownTypes.Order(StringComparer.Ordinal))}");
                }

                only.Add(name);
            }
        }

        // Subscribed before the headers go out, so a client that has the headers misses nothing after.
        using NetworkEventSubscription subscription = cp.Subscribe();
        HttpResponse response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await response.WriteAsync(": subscribed\n\n", ct).ConfigureAwait(false);
            await response.Body.FlushAsync(ct).ConfigureAwait(false);
            await foreach (NetworkEvent e in subscription.ReadAllAsync(ct).ConfigureAwait(false))
            {
                string name = EventText.TypeName(e.GetType());
                if (only is not null && !only.Contains(name))
                {
                    continue;
                }

                object payload = EventText.Payload(e);
                string data = JsonSerializer.Serialize(
                    new { type = name, version = e.Version, timestamp = e.Timestamp, data = payload }, json.Value.SerializerOptions);
                await response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {e.Version}\nevent: {name}\ndata: {data}\n\n"), ct).ConfigureAwait(false);
                await response.Body.FlushAsync(ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }

        return Results.Empty;
    }
}
