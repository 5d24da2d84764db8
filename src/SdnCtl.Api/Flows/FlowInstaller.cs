using SdnCtl.Control;
using SdnCtl.Control.Store;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Api.Flows;

/// <summary>
/// Sends validated flows to their switches and answers only once every switch confirmed them with a
/// barrier and the store holds them. All or nothing: if any switch refuses a flow (OFPT_ERROR) or
/// cannot confirm, the flows that were added are deleted again (DELETE_STRICT by table, priority,
/// match and cookie) and the store is left as it was, before the caller hears of it.
/// </summary>
/// <remarks>
/// FLOW_MODs go straight to the sessions rather than through the control loop: they change no
/// network state the loop owns, and each switch's messages are written in one batch and flushed once
/// by its barrier, which is what makes 10,000 flows a matter of milliseconds. The flows are copied
/// from the request's <see cref="FlowBatch"/> into the sessions' buffers (one reused message, no
/// object per flow), and written to the store while the switches work: the store's change is
/// committed only after every barrier reply (so an answered batch is durable) and rolled back
/// otherwise (so a failed one leaves nothing).
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

    public async Task<InstallOutcome> InstallAsync(FlowBatch batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var held = await staticFlows.LockAsync(cancellationToken).ConfigureAwait(false);
        var (order, start) = batch.BySwitch();
        var sends = new SwitchSend[batch.SwitchCount];
        int started = 0;
        string? failure = null;
        IPendingFlowChange? stored = null;
        bool undoOnThrow = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BarrierTimeout);
        try
        {
            var message = new EncodedFlowMod();
            for (int s = 0; s < batch.SwitchCount; s++)
            {
                ulong datapathId = batch.SwitchAt(s);
                if (controlPlane.GetSwitch(datapathId) is not { } connection)
                {
                    failure = $"switch {datapathId:x16} disconnected";
                    break;
                }

                // Xids first, so the watch is in place before any flush (another sender's included)
                // can put a FLOW_MOD on the wire and bring its error back.
                int count = start[s + 1] - start[s];
                var flows = new int[count];
                var xids = new uint[count];
                for (int k = 0; k < count; k++)
                {
                    flows[k] = order[start[s] + k];
                    xids[k] = connection.NextXid();
                }

                var send = new SwitchSend(connection, datapathId, flows, xids);
                send.Watch = errors.Watch(datapathId, send.SortedXids);
                sends[started++] = send;
                try
                {
                    for (int k = 0; k < count; k++)
                    {
                        message.Set(batch.FlowModSlice(flows[k]), xids[k]);
                        connection.SendCopy(message);
                    }

                    Interlocked.Add(ref _flowModsSent, count);
                    send.Barrier = connection.BarrierAsync(timeout.Token);
                }
#pragma warning disable CA1031 // A session that closes under the sender reports it as any exception; the outcome says which switch.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    send.Barrier = Task.FromException(e);
                }
            }

            if (failure is null)
            {
                // Durable before the caller hears of it, but written while the switches install.
                undoOnThrow = true;
                stored = staticFlows.BeginRecord(batch);
            }

            for (int i = 0; i < started; i++)
            {
                SwitchSend send = sends[i];
                try
                {
                    await send.Barrier.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure ??= $"switch {send.DatapathId:x16} did not confirm within {BarrierTimeout.TotalSeconds:0} s";
                }
                catch (Exception e) when (e is SwitchDisconnectedException or OpenFlowErrorException or ObjectDisposedException or InvalidOperationException)
                {
                    failure ??= $"switch {send.DatapathId:x16}: {e.Message}";
                }
            }

            var refused = new List<(int, SwitchErrorRecord)>();
            for (int i = 0; i < started; i++)
            {
                SwitchSend send = sends[i];
                foreach (SwitchErrorRecord error in send.Watch.Errors)
                {
                    int flow = send.FlowOf(error.Xid);
                    string? request = error.Request;

                    // The batch's own rule when the error names one of ours: the session sent it as a copy,
                    // so what it can say of it is only what the switch echoed back (perhaps just its start).
                    if (flow >= 0)
                    {
                        FlowMod mod = batch.Decode(flow);
                        mod.Xid = error.Xid;
                        request = mod.ToString();
                    }

                    refused.Add((flow, error with { Request = request }));
                }
            }

            if (refused.Count == 0 && failure is null)
            {
                stored!.Commit();
                undoOnThrow = false;
                Interlocked.Add(ref _flowsInstalled, batch.Count);
                return new InstallOutcome(batch.Count, batch.SwitchCount, [], null);
            }

            undoOnThrow = false;
            stored?.Dispose();
            stored = null;
            refused.Sort(static (a, b) => a.Item1.CompareTo(b.Item1));
            await RollBackAsync(batch, sends.AsSpan(0, started).ToArray(), cancellationToken).ConfigureAwait(false);
            return new InstallOutcome(0, batch.SwitchCount, refused, failure);
        }
        catch when (undoOnThrow)
        {
            // The store failed (or its commit did), or the caller went away: nothing was recorded, so
            // nothing may stay on a switch. Not cancelled with the caller: the deletes must go out.
            stored?.Dispose();
            stored = null;
            await RollBackAsync(batch, sends.AsSpan(0, started).ToArray(), CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        finally
        {
            stored?.Dispose();
            for (int i = 0; i < started; i++)
            {
                sends[i].Watch.Dispose();
            }
        }
    }

    private async Task RollBackAsync(FlowBatch batch, SwitchSend[] sends, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BarrierTimeout);
        var barriers = new List<Task>();
        foreach (SwitchSend send in sends)
        {
            ISwitchConnection connection = send.Connection;
            if (!connection.IsConnected)
            {
                continue;
            }

            IReadOnlyList<SwitchErrorRecord> refused = send.Watch.Errors;
            int deleted = 0;
            try
            {
                for (int k = 0; k < send.Flows.Length; k++)
                {
                    if (IsRefused(refused, send.Xids[k]))
                    {
                        continue;
                    }

                    FlowMod added = batch.Decode(send.Flows[k]);
                    connection.Send(FlowMod.DeleteStrictOf(added.TableId, added.Priority, added.Cookie, added.Match));
                    deleted++;
                }

                Interlocked.Add(ref _flowModsSent, deleted);
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

        static bool IsRefused(IReadOnlyList<SwitchErrorRecord> refused, uint xid)
        {
            foreach (SwitchErrorRecord error in refused)
            {
                if (error.Xid == xid)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>One switch's part of a batch: its flows (batch indices) in send order with their xids.</summary>
    private sealed class SwitchSend
    {
        private readonly int[] _sortedFlows;

        public SwitchSend(ISwitchConnection connection, ulong datapathId, int[] flows, uint[] xids)
        {
            Connection = connection;
            DatapathId = datapathId;
            Flows = flows;
            Xids = xids;
            SortedXids = xids;
            _sortedFlows = flows;
            for (int k = 1; k < xids.Length; k++)
            {
                if (xids[k] <= xids[k - 1])
                {
                    // The session's xid counter wrapped (or another sender took xids between ours,
                    // which keeps them ascending anyway): sort a copy for the lookups.
                    SortedXids = (uint[])xids.Clone();
                    _sortedFlows = (int[])flows.Clone();
                    Array.Sort(SortedXids, _sortedFlows);
                    break;
                }
            }
        }

        public ISwitchConnection Connection { get; }

        public ulong DatapathId { get; }

        public int[] Flows { get; }

        public uint[] Xids { get; }

        /// <summary>The xids in ascending order (the same array as <see cref="Xids"/> unless the counter wrapped).</summary>
        public uint[] SortedXids { get; }

        public ErrorWatch Watch { get; set; } = null!;

        public Task Barrier { get; set; } = Task.CompletedTask;

        /// <summary>The batch index of the flow sent with <paramref name="xid"/>, or -1.</summary>
        public int FlowOf(uint xid)
        {
            int at = Array.BinarySearch(SortedXids, xid);
            return at >= 0 ? _sortedFlows[at] : -1;
        }
    }
}
