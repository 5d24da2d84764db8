using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Flows;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;
using SdnCtl.Control.Network;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Errors;
using System.Diagnostics.CodeAnalysis;

namespace SdnCtl.Api.Endpoints;

/// <summary>Flows on switches: read (flow stats), add one or a batch across switches (all or none), delete, and the errors switches sent.</summary>
internal static class FlowEndpoints
{
    /// <summary>Most flows one batch may carry.</summary>
    public const int MaxBatch = 100_000;

    private static readonly HashSet<string> DeleteParameters = new(StringComparer.Ordinal) { "table", "cookie", "cookieMask", "priority", "strict" };

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/switches/{dpid}/flows", GetFlowsAsync)
            .WithName("GetSwitchFlows").WithTags("Flows")
            .WithSummary("The switch's flow table, read from the switch with multipart flow stats.")
            .Produces<FlowDto[]>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/switches/{dpid}/flows", AddFlowAsync)
            .WithName("AddSwitchFlow").WithTags("Flows")
            .WithSummary("Adds one flow (match and instructions as GET returns them, or the actions shorthand) and answers once the switch confirmed it with a barrier.")
            .Accepts<FlowSpecDto>("application/json")
            .Produces<FlowInstallResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status502BadGateway);

        api.MapPost("/flows", AddBatchAsync)
            .WithName("AddFlows").WithTags("Flows")
            .WithSummary("Adds flows across switches, all or none: every item is checked first (a bad one is named, e.g. flows[17].match.ipv4_dst); if a switch refuses one, the others are deleted again.")
            .Accepts<FlowBatchRequest>("application/json")
            .Produces<FlowInstallResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status422UnprocessableEntity).ProducesProblem(StatusCodes.Status502BadGateway);

        api.MapDelete("/switches/{dpid}/flows", DeleteFlowsAsync)
            .WithName("DeleteSwitchFlows").WithTags("Flows")
            .WithSummary("Deletes flows by table (a number or 'all', default all), cookie and cookieMask, and match fields given as query parameters (eth_dst=…, ipv4_dst=10.0.0.0/24); strict=true deletes only the flow with exactly that match and priority.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapGet("/switches/{dpid}/errors", (string dpid, IControlPlane cp, SwitchErrorLog errors) =>
        {
            if (!DatapathIds.TryParse(dpid, cp.Topology, out ulong id))
            {
                return BadDpid(dpid);
            }

            return Results.Ok(errors.Unsolicited(id).Select(e => ToDto(e)).ToArray());
        })
        .WithName("GetSwitchErrors").WithTags("Flows")
        .WithSummary($"OFPT_ERRORs the switch sent that no request was waiting for (the last {SwitchErrorLog.Capacity}), oldest first.")
        .Produces<SwitchErrorDto[]>().ProducesProblem(StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> GetFlowsAsync(string dpid, IControlPlane cp, CancellationToken ct)
    {
        if (!TryConnected(dpid, cp, out ISwitchConnection? connection, out _, out IResult? problem))
        {
            return problem;
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var parts = await connection.RequestMultipartAsync<FlowStatsReply>(new FlowStatsRequest(), timeout.Token).ConfigureAwait(false);
            var flows = parts.SelectMany(p => p.Entries)
                .OrderBy(e => e.TableId).ThenByDescending(e => e.Priority)
                .Select(FlowText.ToDto).ToArray();
            return Results.Ok(flows);
        }
        catch (OpenFlowErrorException e)
        {
            return Problems.SwitchError($"the switch answered {e.Error.ErrorType}/{OfpErrorText.Name(e.Error.ErrorType, e.Error.Code)}");
        }
        catch (SwitchDisconnectedException e)
        {
            return Problems.SwitchError(e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Problems.SwitchError("the switch did not answer the flow stats request within 10 s");
        }
    }

    private static async Task<IResult> AddFlowAsync(string dpid, FlowSpecDto? body, IControlPlane cp, FlowInstaller installer, CancellationToken ct)
    {
        if (!TryConnected(dpid, cp, out ISwitchConnection? connection, out SwitchInfo? sw, out IResult? problem))
        {
            return problem;
        }

        if (body is null)
        {
            return Problems.BadField("body", "a JSON flow {\"match\": {…}, \"actions\": [\"output:2\"]} is required");
        }

        if (!FlowSpecParser.TryParse(body, string.Empty, sw, out FlowMod mod, out FieldError? error))
        {
            return Problems.BadField(error!.Field, error.Message);
        }

        using var batch = new FlowBatch(1);
        batch.Add(connection.DatapathId, mod);
        InstallOutcome outcome = await installer.InstallAsync(batch, ct).ConfigureAwait(false);
        return outcome.Succeeded
            ? Results.Created($"/api/v1/switches/{DatapathIds.Format(connection.DatapathId)}/flows", new FlowInstallResponse(outcome.Installed, outcome.Switches))
            : Failed(outcome);
    }

    private static async Task<IResult> AddBatchAsync(HttpRequest request, IControlPlane cp, FlowInstaller installer, IOptions<JsonOptions> json, CancellationToken ct)
    {
        // The body is read here rather than bound to FlowBatchRequest: a correct batch goes through
        // FlowBatchReader in one pass; anything it declines is bound and checked as before, so every
        // problem is reported exactly as the bound body's would be.
        if (!request.HasJsonContentType())
        {
            throw new BadHttpRequestException($"Expected a supported JSON media type but got \"{request.ContentType}\".", StatusCodes.Status415UnsupportedMediaType);
        }

        FlowBatch? batch;
        (byte[] buffer, int length) = await ReadBodyAsync(request, ct).ConfigureAwait(false);
        try
        {
            ReadOnlySpan<byte> body = buffer.AsSpan(0, length);
            if (!FlowBatchReader.TryRead(body, cp, MaxBatch, out batch) &&
                !TryPlan(Bind(body, json.Value.SerializerOptions), cp, out batch, out IResult? problem))
            {
                return problem;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        using (batch)
        {
            InstallOutcome outcome = await installer.InstallAsync(batch, ct).ConfigureAwait(false);
            return outcome.Succeeded ? Results.Ok(new FlowInstallResponse(outcome.Installed, outcome.Switches)) : Failed(outcome);
        }
    }

    // The whole body into a pooled buffer (returned by the caller); Kestrel enforces the body size limit while it is read.
    private static async Task<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        const int MaxHint = 4 << 20;
        int hint = request.ContentLength is long declared ? (int)Math.Clamp(declared, 1, MaxHint) : 16 << 10;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(hint);
        int length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                int read = await request.Body.ReadAsync(buffer.AsMemory(length), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    return (buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    // As the endpoint's body binding did: an empty body is no body, malformed JSON a 400 naming its path.
    private static FlowBatchRequest? Bind(ReadOnlySpan<byte> body, JsonSerializerOptions options)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<FlowBatchRequest>(body, options);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("Failed to read parameter \"FlowBatchRequest body\" from the request body as JSON.", StatusCodes.Status400BadRequest, e);
        }
    }

    // Every flow checked before anything is sent; the first bad one is named.
    private static bool TryPlan(FlowBatchRequest? body, IControlPlane cp, [NotNullWhen(true)] out FlowBatch? batch, [NotNullWhen(false)] out IResult? problem)
    {
        batch = null;
        problem = Check(body, cp, out FlowBatch? planned);
        batch = planned;
        return problem is null;
    }

    private static IResult? Check(FlowBatchRequest? body, IControlPlane cp, out FlowBatch? batch)
    {
        batch = null;
        if (body?.Flows is not { Count: > 0 } items)
        {
            return Problems.BadField("flows", "a non-empty list of flows {\"flows\": [{\"dpid\": …, \"match\": {…}, \"actions\": […]}]} is required");
        }

        if (items.Count > MaxBatch)
        {
            return Problems.BadField("flows", string.Create(CultureInfo.InvariantCulture, $"{items.Count} flows is more than the {MaxBatch} one batch may carry"));
        }

        TopologySnapshot snapshot = cp.Topology;
        var planned = new FlowBatch(items.Count);
        try
        {
            for (int i = 0; i < items.Count; i++)
            {
                string at = string.Create(CultureInfo.InvariantCulture, $"flows[{i}].");
                FlowBatchItemDto? item = items[i];
                if (item is null)
                {
                    return Problems.BadField($"flows[{i}]", "a flow object is required");
                }

                if (item.Dpid is null || !DatapathIds.TryParse(item.Dpid, snapshot, out ulong id))
                {
                    return Problems.BadField(at + "dpid", $"'{item.Dpid}' is not a datapath id (16 hex digits, 0x…, colon form, decimal) or a switch name");
                }

                SwitchInfo? sw = snapshot.FindSwitch(id);
                if (sw is null || cp.GetSwitch(id) is null)
                {
                    return Problems.BadField(at + "dpid", $"no switch with datapath id {DatapathIds.Format(id)} is connected");
                }

                if (!FlowSpecParser.TryParse(item, at, sw, out FlowMod mod, out FieldError? error))
                {
                    return Problems.BadField(error!.Field, error.Message);
                }

                planned.Add(id, mod);
            }

            batch = planned;
            planned = null;
            return null;
        }
        finally
        {
            planned?.Dispose();
        }
    }

    private static async Task<IResult> DeleteFlowsAsync(string dpid, HttpRequest request, IControlPlane cp, SwitchErrorLog errors, StaticFlows staticFlows, CancellationToken ct)
    {
        if (!TryConnected(dpid, cp, out ISwitchConnection? connection, out SwitchInfo? sw, out IResult? problem))
        {
            return problem;
        }

        if (!TryDeleteMod(request.Query, sw, out FlowMod mod, out FieldError? error))
        {
            return Problems.BadField(error!.Field, error.Message);
        }

        using var held = await staticFlows.LockAsync(ct).ConfigureAwait(false);
        mod.Xid = connection.NextXid();
        using ErrorWatch watch = errors.Watch(connection.DatapathId, [mod.Xid]);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(FlowInstaller.BarrierTimeout);
            connection.Send(mod);
            await connection.BarrierAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (SwitchDisconnectedException e)
        {
            return Problems.SwitchError(e.Message);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Problems.SwitchError("the switch did not confirm the delete within 30 s");
        }

        if (watch.Errors is [var refused, ..])
        {
            return Problems.SwitchRefused($"the switch refused the delete: {refused.ErrorType}/{refused.CodeName}", [ToDto(refused)]);
        }

        // Written before answering, so a reconnect or restart does not bring the flows back.
        staticFlows.Forget(connection.DatapathId, mod);
        return Results.NoContent();
    }

    private static bool TryDeleteMod(IQueryCollection query, SwitchInfo? sw, out FlowMod mod, out FieldError? error)
    {
        mod = new FlowMod { Command = FlowModCommand.Delete, TableId = OfpConstants.TableAll, OutPort = OfpPortNo.Any, OutGroup = OfpConstants.GroupAny };
        error = null;
        var match = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, values) in query)
        {
            if (values.Count != 1)
            {
                error = new FieldError(key, $"{key} is given {values.Count} times");
                return false;
            }

            if (!DeleteParameters.Contains(key))
            {
                if (!OxmText.TryParseName(key, out _))
                {
                    error = new FieldError(key, $"'{key}' is neither a delete parameter (table, cookie, cookieMask, priority, strict) nor a match field");
                    return false;
                }

                match[key] = JsonSerializer.SerializeToElement(values[0]);
            }
        }

        string? Get(string key) => query.TryGetValue(key, out StringValues v) ? v[0] : null;
        if (Get("table") is { } table && !table.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            if (!byte.TryParse(table, NumberStyles.None, CultureInfo.InvariantCulture, out byte t) || t > OfpConstants.TableMax)
            {
                error = new FieldError("table", $"table must be 0–254 or 'all', not '{table}'");
                return false;
            }

            mod.TableId = t;
        }

        if (Get("cookie") is { } cookie)
        {
            if (!OxmValueParser.TryInteger(cookie, out ulong c))
            {
                error = new FieldError("cookie", $"cookie must be a number or 0x… hex, not '{cookie}'");
                return false;
            }

            mod.Cookie = c;
            mod.CookieMask = ulong.MaxValue;
        }

        if (Get("cookieMask") is { } cookieMask)
        {
            if (Get("cookie") is null || !OxmValueParser.TryInteger(cookieMask, out ulong m))
            {
                error = new FieldError("cookieMask", Get("cookie") is null ? "cookieMask needs a cookie" : $"cookieMask must be a number or 0x… hex, not '{cookieMask}'");
                return false;
            }

            mod.CookieMask = m;
            mod.Cookie &= m;
        }

        bool strict = false;
        if (Get("strict") is { } strictText && !bool.TryParse(strictText, out strict))
        {
            error = new FieldError("strict", $"strict must be true or false, not '{strictText}'");
            return false;
        }

        if (Get("priority") is { } priority)
        {
            if (!strict || !ushort.TryParse(priority, NumberStyles.None, CultureInfo.InvariantCulture, out ushort p))
            {
                error = new FieldError("priority", strict ? $"priority must be 0–65535, not '{priority}'" : "priority only selects flows with strict=true");
                return false;
            }

            mod.Priority = p;
        }

        if (strict)
        {
            if (mod.TableId == OfpConstants.TableAll)
            {
                error = new FieldError("table", "a strict delete names one table");
                return false;
            }

            if (Get("priority") is null)
            {
                error = new FieldError("priority", "a strict delete needs the flow's priority");
                return false;
            }

            mod.Command = FlowModCommand.DeleteStrict;
        }

        return FlowSpecParser.TryMatch(match, "match", sw, mod.Match, out error) is var ok && (ok || Rename(ref error));

        // Query parameters are named by the field alone, not by a JSON path.
        static bool Rename(ref FieldError? e)
        {
            e = e! with { Field = e.Field["match.".Length..] };
            return false;
        }
    }

    private static IResult Failed(InstallOutcome outcome)
    {
        if (outcome.Refused.Count > 0)
        {
            var (index, first) = outcome.Refused[0];
            return Problems.SwitchRefused(
                string.Create(CultureInfo.InvariantCulture, $"switch {DatapathIds.Format(first.DatapathId)} refused flow {index}: {first.ErrorType}/{first.CodeName}; nothing was installed"),
                outcome.Refused.Select(r => ToDto(r.Error, r.Index)).ToArray());
        }

        return Problems.SwitchError($"{outcome.Failure}; the flows added were deleted again");
    }

    private static SwitchErrorDto ToDto(SwitchErrorRecord e, int? index = null) =>
        new(DatapathIds.Format(e.DatapathId), e.Time, e.Xid, e.ErrorType.ToString(), e.CodeName, e.Request, index);

    private static bool TryConnected(
        string dpid,
        IControlPlane cp,
        [NotNullWhen(true)] out ISwitchConnection? connection,
        out SwitchInfo? sw,
        [NotNullWhen(false)] out IResult? problem)
    {
        connection = null;
        sw = null;
        TopologySnapshot snapshot = cp.Topology;
        if (!DatapathIds.TryParse(dpid, snapshot, out ulong id))
        {
            problem = BadDpid(dpid);
            return false;
        }

        connection = cp.GetSwitch(id);
        if (connection is null)
        {
            problem = Problems.NotFound("Switch", $"no switch with datapath id {DatapathIds.Format(id)} is connected");
            return false;
        }

        sw = snapshot.FindSwitch(id);
        problem = null;
        return true;
    }

    private static IResult BadDpid(string dpid) =>
        Problems.BadField("dpid", $"'{dpid}' is not a datapath id (16 hex digits, 0x…, colon form, decimal) or a switch name");
}
