using SdnCtl.Control;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Api.Flows;

/// <summary>
/// Sends validated flows to their switches and answers only once every switch confirmed them with a
/// barrier. All or nothing: if any switch refuses a flow (OFPT_ERROR) or cannot confirm, the flows
/// that were added are deleted again (DELETE_STRICT by table, priority, match and cookie) before the
/// caller hears of it.
/// </summary>
/// <remarks>
/// FLOW_MODs go straight to the sessions rather than through the control loop: they change no
/// network state the loop owns, and each switch's messages are written in one batch and flushed once
/// by its barrier, which is what makes 10,000 flows a matter of milliseconds.
/// </remarks>
internal sealed class FlowInstaller(IControlPlane controlPlane, SwitchErrorLog errors, StaticFlows staticFlows)
{
    public static readonly TimeSpan BarrierTimeout = TimeSpan.FromSeconds(30);

    private long _flowModsSent;
    private long _flowsInstalled;

    /// <summary>FLOW_MODs this installer sent (adds and rollback deletes), for the metrics.</summary>
    public long FlowModsSent => Interlocked.Read(ref _flowModsSent);

    /// <summary>Flows confirmed installed.</summary>
    public long FlowsInstalled => Interlocked.Read(ref _flowsInstalled);

    public async Task<InstallOutcome> InstallAsync(IReadOnlyList<PlannedFlow> flows, CancellationToken cancellationToken)
    {
        using var held = await staticFlows.LockAsync(cancellationToken).ConfigureAwait(false);
        var groups = flows.GroupBy(f => f.DatapathId).ToArray();
        var sends = new List<(ISwitchConnection Connection, IGrouping<ulong, PlannedFlow> Flows, ErrorWatch Watch, Task Barrier)>(groups.Length);
        string? failure = null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BarrierTimeout);
        try
        {
            foreach (var group in groups)
            {
                if (controlPlane.GetSwitch(group.Key) is not { } connection)
                {
                    failure = $"switch {group.Key:x16} disconnected";
                    break;
                }

                var xids = new HashSet<uint>();
                foreach (PlannedFlow flow in group)
                {
                    flow.Mod.Xid = connection.NextXid();
                    xids.Add(flow.Mod.Xid);
                }

                ErrorWatch watch = errors.Watch(group.Key, xids);
                Task barrier;
                try
                {
                    foreach (PlannedFlow flow in group)
                    {
                        connection.Send(flow.Mod);
                    }

                    Interlocked.Add(ref _flowModsSent, group.Count());
                    barrier = connection.BarrierAsync(timeout.Token);
                }
#pragma warning disable CA1031 // A session that closes under the sender reports it as any exception; the outcome says which switch.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    barrier = Task.FromException(e);
                }

                sends.Add((connection, group, watch, barrier));
            }

            foreach (var send in sends)
            {
                try
                {
                    await send.Barrier.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure ??= $"switch {send.Flows.Key:x16} did not confirm within {BarrierTimeout.TotalSeconds:0} s";
                }
                catch (Exception e) when (e is SwitchDisconnectedException or OpenFlowErrorException or ObjectDisposedException or InvalidOperationException)
                {
                    failure ??= $"switch {send.Flows.Key:x16}: {e.Message}";
                }
            }

            var refused = new List<(int, SwitchErrorRecord)>();
            foreach (var send in sends)
            {
                IReadOnlyList<SwitchErrorRecord> caught = send.Watch.Errors;
                if (caught.Count == 0)
                {
                    continue;
                }

                var byXid = send.Flows.ToDictionary(f => f.Mod.Xid);
                foreach (SwitchErrorRecord error in caught)
                {
                    PlannedFlow? flow = byXid.GetValueOrDefault(error.Xid);
                    refused.Add((flow?.Index ?? -1, error with { Request = error.Request ?? flow?.Mod.ToString() }));
                }
            }

            if (refused.Count == 0 && failure is null)
            {
                // Durable before the caller hears of it: a restart or a reconnect brings these back.
                staticFlows.Record(flows.Select(f => (f.DatapathId, f.Mod)));
                Interlocked.Add(ref _flowsInstalled, flows.Count);
                return new InstallOutcome(flows.Count, groups.Length, [], null);
            }

            refused.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
            await RollBackAsync(sends.Select(s => (s.Connection, (IEnumerable<PlannedFlow>)s.Flows, s.Watch.Errors)), cancellationToken).ConfigureAwait(false);
            return new InstallOutcome(0, groups.Length, refused, failure);
        }
        finally
        {
            foreach (var send in sends)
            {
                send.Watch.Dispose();
            }
        }
    }

    private async Task RollBackAsync(
        IEnumerable<(ISwitchConnection Connection, IEnumerable<PlannedFlow> Flows, IReadOnlyList<SwitchErrorRecord> Errors)> sends, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BarrierTimeout);
        var barriers = new List<Task>();
        foreach (var (connection, flows, refused) in sends)
        {
            if (!connection.IsConnected)
            {
                continue;
            }

            var failed = refused.Select(e => e.Xid).ToHashSet();
            try
            {
                foreach (PlannedFlow flow in flows)
                {
                    if (failed.Contains(flow.Mod.Xid))
                    {
                        continue;
                    }

                    connection.Send(new FlowMod
                    {
                        Command = FlowModCommand.DeleteStrict,
                        TableId = flow.Mod.TableId,
                        Priority = flow.Mod.Priority,
                        Cookie = flow.Mod.Cookie,
                        CookieMask = ulong.MaxValue,
                        OutPort = OfpPortNo.Any,
                        OutGroup = OfpConstants.GroupAny,
                        Match = flow.Mod.Match,
                    });
                }

                Interlocked.Add(ref _flowModsSent, flows.Count() - failed.Count);
                barriers.Add(connection.BarrierAsync(timeout.Token));
            }
            catch (Exception e) when (e is SwitchDisconnectedException or ObjectDisposedException or InvalidOperationException)
            {
                // Gone: its table goes with it, and reconciliation brings it back to the desired state.
            }
        }

        try
        {
            await Task.WhenAll(barriers).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SwitchDisconnectedException or OperationCanceledException or OpenFlowErrorException)
        {
            // As above; the caller already reports the install as failed.
        }
    }
}
