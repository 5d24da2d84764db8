using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Control.Reconciliation;

/// <summary>
/// What a (re)connected switch reported holding, read off the loop: its meters (when the tenants
/// asked), the flows with the cookies of the reconciled applications, and its groups. A null list
/// means the switch could not say (refused, disconnected, timed out).
/// </summary>
internal sealed record SwitchReadout(
    bool MetersRequested,
    IReadOnlyList<MeterConfigEntry>? Meters,
    IReadOnlyList<FlowStatsEntry>? Flows,
    IReadOnlyList<GroupDescEntry>? Groups);
