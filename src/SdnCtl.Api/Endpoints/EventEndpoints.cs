using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using SdnCtl.Api.Auth;
using SdnCtl.Api.Events;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;
using SdnCtl.Control.Events;
using SdnCtl.Control.Tenants;

namespace SdnCtl.Api.Endpoints;

/// <summary><c>GET /api/v1/events</c>: the control plane's events as Server-Sent Events.</summary>
internal static class EventEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/events", StreamAsync)
            .AllowTenantKeys()
            .WithName("StreamEvents").WithTags("Events")
            .WithSummary("Server-Sent Events: switch_up/down, port_up/down, link_up/down, host_learned/moved/removed, reroute, … " +
                "Each has 'event:' its type, 'id:' the topology version and 'data:' a JSON object; ?type=link_up,link_down keeps only those types, " +
                "?tenant=NAME only the events of that tenant's ports, hosts and flows (flow_removed of its intents, chains and segment rules) (a tenant key always gets its own tenant's only). " +
                "A ': heartbeat' comment line comes after each quiet interval so that proxies keep the stream open.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> StreamAsync(HttpContext http, IControlPlane cp, IOptions<JsonOptions> json, IServiceProvider services, string? type, string? tenant, CancellationToken ct)
    {
        // A tenant key is held to its own tenant; asking for another is asking about something it may not see.
        string? own = http.Principal().Tenant;
        if (own is not null && tenant is not null && tenant != own)
        {
            return TenantAccess.Hidden();
        }

        tenant ??= own;
        ITenantService? tenants = TenantEndpoints.Service(cp, services);
        if (tenant is not null && own is null && tenants?.Tenants.Any(t => t.Name == tenant) != true)
        {
            return Problems.BadField("tenant", $"no tenant '{tenant}'");
        }

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

        var owners = services.GetService<Chains.ChainOwnership>() ?? new Chains.ChainOwnership();
        string? OwnerOfCookie(ulong cookie) => EventTenants.OwnerOfCookie(cookie, IntentEndpoints.IntentsOf(services), ChainEndpoints.ChainsOf(services), owners);

        // Subscribed before the headers go out, so a client that has the headers misses nothing after.
        using NetworkEventSubscription subscription = cp.Subscribe();
        TimeSpan heartbeat = (services.GetService<EventStreamOptions>() ?? new EventStreamOptions()).HeartbeatInterval;
        HttpResponse response = http.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        try
        {
            await response.WriteAsync(": subscribed\n\n", ct).ConfigureAwait(false);
            await response.Body.FlushAsync(ct).ConfigureAwait(false);
            while (await WaitOrBeatAsync(subscription, response, heartbeat, ct).ConfigureAwait(false))
            {
                while (subscription.Reader.TryRead(out NetworkEvent? e))
                {
                    string name = EventText.TypeName(e.GetType());
                    if ((only is not null && !only.Contains(name))
                        || (tenant is not null && !(tenants?.Tenants.FirstOrDefault(t => t.Name == tenant) is { } spec && EventTenants.Concerns(e, spec, cp.Declared, OwnerOfCookie))))
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
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }

        return Results.Empty;
    }

    // Waits for events; each time the stream has been quiet for a whole interval, sends a comment
    // line (which SSE clients ignore) so that proxies see traffic. False when the subscription ends.
    private static async Task<bool> WaitOrBeatAsync(NetworkEventSubscription subscription, HttpResponse response, TimeSpan heartbeat, CancellationToken ct)
    {
        Task<bool> ready = subscription.Reader.WaitToReadAsync(ct).AsTask();
        while (!ready.IsCompleted)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            Task timer = Task.Delay(heartbeat, quiet.Token);
            if (await Task.WhenAny(ready, timer).ConfigureAwait(false) == timer && !ready.IsCompleted)
            {
                await response.WriteAsync(": heartbeat\n\n", ct).ConfigureAwait(false);
                await response.Body.FlushAsync(ct).ConfigureAwait(false);
            }

            await quiet.CancelAsync().ConfigureAwait(false);
        }

        return await ready.ConfigureAwait(false);
    }
}
