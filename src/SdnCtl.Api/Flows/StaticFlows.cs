using System.Runtime.InteropServices;
using SdnCtl.Control.Events;
using SdnCtl.Control.Forwarding;
using SdnCtl.Control.Reconciliation;
using SdnCtl.Control.Store;
using SdnCtl.Control.Switches;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Api.Flows;

/// <summary>
/// The desired static flows: kept in the <see cref="IControllerStore"/> (written before the API
/// answers) and brought back onto a switch when it (re)connects. A flow's identity is OpenFlow's:
/// datapath, table, priority and match.
/// </summary>
/// <remarks>
/// One lock serialises installs, deletes and reconciliations, so a reconciliation never reads a
/// switch table that holds a just-confirmed flow the store does not have yet (and deletes it as stray).
/// </remarks>
public sealed class StaticFlows(IControllerStore store)
{
    // Fields a match may hold before its key is sorted on the heap (OpenFlow 1.3 has 40 match fields).
    private const int MaxStackFields = 40;

    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Raised after a switch was reconciled: datapath id, strays deleted, flows added.</summary>
    public event Action<ulong, int, int>? Reconciled;

    /// <summary>Raised after static flows that expired on their switch left the stored flows: datapath id, how many.</summary>
    public event Action<ulong, int>? Expired;

    /// <summary>Takes the lock that serialises changes to static flows.</summary>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_gate);
    }

    /// <summary>
    /// Writes the flows of <paramref name="batch"/> to the store as a pending change (hold the lock):
    /// commit it once every switch confirmed them, or dispose it to leave the store as it was.
    /// </summary>
    internal IPendingFlowChange BeginRecord(FlowBatch batch)
    {
        var flows = new StoredFlow[batch.Count];
        for (int i = 0; i < flows.Length; i++)
        {
            flows[i] = new StoredFlow(batch.DatapathId(i), batch.Key(i).ToArray(), batch.FlowMod(i).ToArray());
        }

        return store.BeginChangeFlows(flows, []);
    }

    /// <summary>Forgets the stored flows of <paramref name="datapathId"/> a confirmed delete removed from the switch (hold the lock).</summary>
    internal int Forget(ulong datapathId, FlowMod delete)
    {
        var gone = new List<(ulong, byte[])>();
        foreach (StoredFlow stored in store.ListFlows())
        {
            if (stored.DatapathId == datapathId && Deletes(delete, Decode(stored)))
            {
                gone.Add((stored.DatapathId, stored.Key));
            }
        }

        if (gone.Count > 0)
        {
            store.ChangeFlows([], gone);
        }

        return gone.Count;
    }

    /// <summary>
    /// A static flow that timed out on its switch (its FLOW_REMOVED) leaves the desired state too, or
    /// the next reconnect would bring it back. Returns how many stored flows it was (0 or 1).
    /// </summary>
    internal async Task<int> ForgetExpiredAsync(FlowRemovedEvent expired, CancellationToken cancellationToken)
    {
        int forgotten;
        using (await LockAsync(cancellationToken).ConfigureAwait(false))
        {
            forgotten = Forget(expired.DatapathId, FlowMod.DeleteStrictOf(expired.TableId, expired.Priority, expired.Cookie, expired.Match));
        }

        if (forgotten > 0)
        {
            Expired?.Invoke(expired.DatapathId, forgotten);
        }

        return forgotten;
    }

    /// <summary>The desired static flows of a switch.</summary>
    internal List<FlowMod> Desired(ulong datapathId) =>
        [.. store.ListFlows().Where(f => f.DatapathId == datapathId).Select(Decode)];

    /// <summary>
    /// Brings a switch's static flows to the desired ones: reads its flows in the static cookie space,
    /// deletes strays, adds what is missing or differs, and leaves correct flows alone so that their
    /// counters go on. Returns (deleted, added).
    /// </summary>
    public async Task<(int Deleted, int Added)> ReconcileAsync(ISwitchConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var held = await LockAsync(cancellationToken).ConfigureAwait(false);
        List<FlowMod> desired = Desired(connection.DatapathId);
        var parts = await connection.RequestMultipartAsync<FlowStatsReply>(
            new FlowStatsRequest { Cookie = StaticFlowCookies.Application, CookieMask = FlowCookies.ApplicationMask }, cancellationToken).ConfigureAwait(false);
        FlowDiff diff = FlowReconciliation.Diff(desired, parts.SelectMany(p => p.Entries));
        foreach (FlowMod message in diff.Strays.Concat(diff.Missing).Concat(diff.Drifted))
        {
            connection.Send(message);
        }

        await connection.BarrierAsync(cancellationToken).ConfigureAwait(false);
        int added = diff.Missing.Count + diff.Drifted.Count;
        Reconciled?.Invoke(connection.DatapathId, diff.Strays.Count, added);
        return (diff.Strays.Count, added);
    }

    // Whether a confirmed DELETE/DELETE_STRICT removed `flow` (spec 6.4: strict = same priority and
    // match; non-strict = the flow's match is at least as specific as the delete's).
    private static bool Deletes(FlowMod delete, FlowMod flow)
    {
        if ((delete.TableId != OfpConstants.TableAll && delete.TableId != flow.TableId) ||
            (flow.Cookie & delete.CookieMask) != (delete.Cookie & delete.CookieMask))
        {
            return false;
        }

        if (delete.Command == FlowModCommand.DeleteStrict)
        {
            return delete.Priority == flow.Priority &&
                Key(delete.TableId, delete.Priority, delete.Match).AsSpan().SequenceEqual(Key(flow.TableId, flow.Priority, flow.Match));
        }

        foreach (OxmEntry d in delete.Match)
        {
            int i = flow.Match.FindIndex(f => f.Field == d.Field);
            if (i < 0)
            {
                return false;
            }

            OxmEntry f = flow.Match[i];
            UInt128 dm = d.EffectiveMask;
            if ((f.EffectiveMask & dm) != dm || (f.Value & dm) != (d.Value & dm))
            {
                return false;
            }
        }

        return true;
    }

    // Table, priority and the match in field order: the same flow gives the same bytes however its
    // match was listed.
    private static byte[] Key(byte table, ushort priority, List<OxmEntry> match)
    {
        var key = new byte[KeyLength(match)];
        WriteKey(key, table, priority, match);
        return key;
    }

    /// <summary>Bytes of a flow's store key (see <see cref="WriteKey"/>).</summary>
    internal static int KeyLength(List<OxmEntry> match) => 3 + OxmCodec.MatchLength(CollectionsMarshal.AsSpan(match));

    /// <summary>
    /// Writes a flow's store key, exactly <see cref="KeyLength"/> bytes: table, priority and the match
    /// with its fields in field order, so that the same flow has the same key however its match was listed.
    /// </summary>
    internal static void WriteKey(Span<byte> key, byte table, ushort priority, List<OxmEntry> match)
    {
        // A stable insertion sort by hand: matches hold a handful of fields, and OrderBy cost a sorter,
        // a key buffer and a map per flow, 10,000 times for a full batch. Sorted on the stack, as the
        // copy is only needed to write the key.
        Span<OxmEntry> sorted = match.Count <= MaxStackFields ? stackalloc OxmEntry[MaxStackFields] : new OxmEntry[match.Count];
        sorted = sorted[..match.Count];
        match.CopyTo(sorted);
        for (int i = 1; i < sorted.Length; i++)
        {
            OxmEntry entry = sorted[i];
            int j = i - 1;
            for (; j >= 0 && sorted[j].Field > entry.Field; j--)
            {
                sorted[j + 1] = sorted[j];
            }

            sorted[j + 1] = entry;
        }

        key[0] = table;
        key[1] = (byte)(priority >> 8);
        key[2] = (byte)priority;
        OxmCodec.WriteMatch(key[3..], sorted);
    }

    private static FlowMod Decode(StoredFlow stored) => (FlowMod)OfpCodec.Decode(stored.FlowMod);

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
