using System.Collections.Immutable;
using SdnCtl.Control.PathComputation;
using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Intents;

/// <summary>An intent as the control loop keeps it: what was asked, what is installed, and its history. Loop-owned.</summary>
internal sealed class IntentEntry(long id, IntentSpec spec, DateTimeOffset createdAt)
{
    public long Id { get; } = id;

    public IntentSpec Spec { get; } = spec;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public IntentState State { get; set; } = IntentState.Requested;

    public string? Reason { get; set; }

    public PathConstraint? Failed { get; set; }

    public List<IntentTransition> History { get; } = [];

    public ImmutableArray<IntentPath> Paths { get; set; } = [];

    /// <summary>The rules believed installed, by identity.</summary>
    public Dictionary<IntentRuleKey, FlowMod> Rules { get; set; } = [];

    /// <summary>The groups believed installed, by switch and id.</summary>
    public Dictionary<(ulong DatapathId, uint GroupId), GroupMod> Groups { get; set; } = [];

    /// <summary>Group ids this intent holds, per direction and switch, kept while the group exists so a recompile modifies it in place.</summary>
    public Dictionary<(int Direction, ulong DatapathId), uint> GroupIds { get; } = [];

    /// <summary>Bandwidth reservations held for its primary paths.</summary>
    public List<long> Reservations { get; } = [];

    /// <summary>Host MACs of a host-to-host intent, once resolved (to notice a host move cheaply).</summary>
    public (ulong Source, ulong Destination)? HostMacs { get; set; }

    /// <summary>Compile at the next refresh whatever changed (new, or a switch reconnected).</summary>
    public bool NeedsCompile { get; set; } = true;

    /// <summary>Protected, but running without a backup because no link-disjoint one exists now.</summary>
    public bool Degraded { get; set; }

    /// <summary>The last compile's flow-mods, sent and waiting for their barriers; null when none wait.</summary>
    public PendingInstall? Awaiting { get; set; }

    /// <summary>Counts compiles that sent something, so a late barrier of an older one is recognised.</summary>
    public long Generation { get; set; }

    /// <summary>Completed when the intent first leaves <see cref="IntentState.Requested"/> (installed, failed or removed).</summary>
    public TaskCompletionSource Settled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
