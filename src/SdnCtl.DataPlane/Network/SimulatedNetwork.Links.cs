namespace SdnCtl.DataPlane.Network;

public sealed partial class SimulatedNetwork
{
    private readonly Lock _linkGate = new();

    /// <summary>
    /// Cuts (<paramref name="up"/> false) or restores every link between switches
    /// <paramref name="a"/> and <paramref name="b"/> (names or datapath ids, either order). A cut
    /// link drops frames both ways at once, including frames already in flight, and both switches
    /// set the port's link down (OFPPS_LINK_DOWN) and report it with PORT_STATUS; restoring
    /// reverses both. Completes when both switches have applied the change.
    /// </summary>
    public async Task<LinkChangeResult> SetLinkStateAsync(string a, string b, bool up, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var nodeA = Inventory.FindSwitchNode(a);
        var nodeB = Inventory.FindSwitchNode(b);
        if (nodeA is null || nodeB is null)
        {
            return new LinkChangeResult(false, [], [], up, $"no switch is named, or has datapath id, '{(nodeA is null ? a : b)}'");
        }

        var between = _links.Where(l =>
            (l.SwitchA == nodeA.Switch && l.SwitchB == nodeB.Switch) || (l.SwitchA == nodeB.Switch && l.SwitchB == nodeA.Switch)).ToList();
        if (between.Count == 0)
        {
            return new LinkChangeResult(false, [], [], up, $"no link joins {nodeA.Name} and {nodeB.Name}");
        }

        var changed = new List<string>();
        // Serialised so that a concurrent cut and restore leave the ports agreeing with the link.
        lock (_linkGate)
        {
            foreach (var link in between)
            {
                if (!link.TrySetUp(up))
                {
                    continue;
                }

                changed.Add(link.Name);
                link.SwitchA.SetLinkDown(link.A.Port, !up);
                link.SwitchB.SetLinkDown(link.B.Port, !up);
                NetworkLog.LinkStateChanged(_logger, link.Name, up ? "up" : "down");
            }
        }

        await Task.WhenAll(BarrierAsync(nodeA.Switch), BarrierAsync(nodeB.Switch)).WaitAsync(cancellationToken).ConfigureAwait(false);
        return new LinkChangeResult(true, [.. between.Select(l => l.Name)], changed, up, null);
    }
}
