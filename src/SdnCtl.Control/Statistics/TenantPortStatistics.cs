using SdnCtl.Control.Network;
using SdnCtl.Topology;

namespace SdnCtl.Control.Statistics;

/// <summary>One access port of a tenant and its last sample.</summary>
/// <param name="Segment">The segment the port is a member of.</param>
/// <param name="Member">The port as the membership names it.</param>
/// <param name="Port">The port resolved to a datapath id, or <see langword="null"/> when its switch is unknown.</param>
/// <param name="Statistics">The port's last sample, or <see langword="null"/> when its switch has not been polled (not connected yet).</param>
public sealed record TenantPortStatistics(string Segment, PortRef Member, SwitchPort? Port, PortStatistics? Statistics);
