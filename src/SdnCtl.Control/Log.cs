using Microsoft.Extensions.Logging;
using SdnCtl.Control.Core;
using SdnCtl.Control.Events;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.Control;

/// <summary>The control plane's log messages; event ids are stable, 1000–1099.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Control plane started: discovery every {Interval}, link timeout {LinkTimeout}")]
    public static partial void Started(ILogger logger, TimeSpan interval, TimeSpan linkTimeout);

    [LoggerMessage(1001, LogLevel.Information, "Control plane stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(1002, LogLevel.Information, "Switch {Dpid:x16} connected from {RemoteAddress}")]
    public static partial void SwitchConnected(ILogger logger, ulong dpid, string remoteAddress);

    [LoggerMessage(1003, LogLevel.Information, "Switch {Dpid:x16} disconnected: {Reason}")]
    public static partial void SwitchDisconnected(ILogger logger, ulong dpid, string reason);

    [LoggerMessage(1004, LogLevel.Warning, "Switch {Dpid:x16} connected again from {RemoteAddress} while its old session was open; the old one is dropped")]
    public static partial void SwitchReplaced(ILogger logger, ulong dpid, string remoteAddress);

    [LoggerMessage(1005, LogLevel.Debug, "Link up {Link}")]
    public static partial void LinkUp(ILogger logger, Network.LinkInfo link);

    [LoggerMessage(1006, LogLevel.Information, "Link down {Link} ({Reason})")]
    public static partial void LinkDown(ILogger logger, Network.LinkInfo link, LinkDownReason reason);

    [LoggerMessage(1007, LogLevel.Debug, "Host {Mac:x12} learned at {Attachment}")]
    public static partial void HostLearned(ILogger logger, ulong mac, Network.SwitchPort attachment);

    [LoggerMessage(1008, LogLevel.Information, "Host {Mac:x12} moved from {From} to {To}")]
    public static partial void HostMoved(ILogger logger, ulong mac, Network.SwitchPort from, Network.SwitchPort to);

    [LoggerMessage(1009, LogLevel.Information, "Rerouted {Destinations} destination(s) after {Cause}: {FlowMods} flow-mod(s) in {DurationMs:F2} ms, of which {WaitMs:F2} ms queued behind other inputs; {CpuMs:F2} ms on CPU; {Collections} garbage collection(s) meanwhile, pausing {GcPauseMs:F2} ms; the loop allocated {AllocatedKb:F0} KB")]
    public static partial void Rerouted(ILogger logger, int destinations, string cause, int flowMods, double durationMs, double waitMs, double cpuMs, int collections, double gcPauseMs, double allocatedKb);

    [LoggerMessage(1095, LogLevel.Information, "The last garbage collection {When} that reroute: #{Index} gen{Generation}{Kind}, paused {PauseMs:F2} ms, promoted {PromotedKb:F0} KB, {Pinned} pinned object(s); heap after: gen0 {Gen0Kb:F0} KB, gen1 {Gen1Kb:F0} KB, gen2 {Gen2Kb:F0} KB, LOH {LohKb:F0} KB, fragmented {FragmentedKb:F0} KB; collections so far gen0 {Gen0Count}, gen1 {Gen1Count}, gen2 {Gen2Count}, {TotalPauseMs:F0} ms paused in all")]
    public static partial void RerouteCollection(ILogger logger, string when, long index, int generation, string kind, double pauseMs, double promotedKb, long pinned, double gen0Kb, double gen1Kb, double gen2Kb, double lohKb, double fragmentedKb, int gen0Count, int gen1Count, int gen2Count, double totalPauseMs);

    [LoggerMessage(1010, LogLevel.Warning, "Switch {Dpid:x16} sent error {ErrorType}/{Code} for {Request}")]
    public static partial void SwitchError(ILogger logger, ulong dpid, OfpErrorType errorType, ushort code, OfpType? request);

    [LoggerMessage(1011, LogLevel.Error, "Control loop failed to process {Kind}; the input is skipped")]
    public static partial void InputFailed(ILogger logger, LoopInputKind kind, Exception exception);

    [LoggerMessage(1012, LogLevel.Warning, "Sending to switch {Dpid:x16} failed")]
    public static partial void SendFailed(ILogger logger, ulong dpid, Exception exception);

    [LoggerMessage(1013, LogLevel.Warning, "Control loop is {Pending} PACKET_INs behind; dropped {Dropped} so far")]
    public static partial void PacketInsDropped(ILogger logger, int pending, long dropped);

    [LoggerMessage(1014, LogLevel.Information, "Declared topology set to '{Name}': {Diff}")]
    public static partial void DeclaredTopologySet(ILogger logger, string name, Network.TopologyDiff diff);

    [LoggerMessage(1015, LogLevel.Warning, "Reroute warm-up failed; the first reroute will compile its code")]
    public static partial void WarmUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(1018, LogLevel.Warning, "Switch {Dpid:x16}: could not read its {What} ({Error}); deleting ours by cookie and sending them again")]
    public static partial void SwitchReadFailed(ILogger logger, ulong dpid, string what, string error);

    [LoggerMessage(1019, LogLevel.Information, "Switch {Dpid:x16} reconciled: rules {Kept} kept, {Added} added, {Replaced} replaced, {Deleted} deleted; groups {GroupsKept} kept, {GroupsAdded} added, {GroupsModified} modified, {GroupsDeleted} deleted")]
    public static partial void SwitchReconciled(ILogger logger, ulong dpid, int kept, int added, int replaced, int deleted, int groupsKept, int groupsAdded, int groupsModified, int groupsDeleted);

    [LoggerMessage(1020, LogLevel.Warning, "Switch {Dpid:x16}: the barrier confirming intent or chain flow-mods failed ({Error}); they stay unconfirmed")]
    public static partial void BarrierFailed(ILogger logger, ulong dpid, string error);

    [LoggerMessage(1017, LogLevel.Warning, "Switch {Dpid:x16}: could not read its meters ({Error}); adding the tenant meters as if it had none")]
    public static partial void MeterReadFailed(ILogger logger, ulong dpid, string error);

    [LoggerMessage(1016, LogLevel.Information, "Re-checked {Count} reservation(s) after {Cause}")]
    public static partial void ReservationsRechecked(ILogger logger, int count, string cause);

    [LoggerMessage(1080, LogLevel.Information, "Tenants restored: {Stored} from the store, {Total} in force")]
    public static partial void TenantsRestored(ILogger logger, int stored, int total);

    [LoggerMessage(1081, LogLevel.Warning, "Topology file tenant left out at start, the stored state wins: {Reason}")]
    public static partial void TenantSkipped(ILogger logger, string reason);
}
