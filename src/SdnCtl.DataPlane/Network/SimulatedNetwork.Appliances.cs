using SdnCtl.DataPlane.Appliances;
using SdnCtl.Nfv;
using SdnCtl.Topology;

namespace SdnCtl.DataPlane.Network;

public sealed partial class SimulatedNetwork
{
    private readonly Lock _appliancesGate = new();
    private ApplianceNode[] _applianceNodes = [];
    private ITimer? _applianceTimer;

    /// <summary>The appliances running in the network, in declaration (then creation) order.</summary>
    public IReadOnlyList<HostedAppliance> Appliances => [.. Volatile.Read(ref _applianceNodes).Select(n => n.Handle)];

    /// <summary>The appliance named <paramref name="name"/>, or null.</summary>
    public HostedAppliance? FindAppliance(string name) => FindApplianceNode(name)?.Handle;

    /// <summary>
    /// Starts an appliance at run time: its interfaces are cabled to the free switch ports their
    /// <see cref="InterfaceOptions.Attachment"/> names (<c>switch:port</c>), each on the switch's
    /// executor, and it announces its addresses. All or nothing: when a port is unknown or taken,
    /// nothing stays cabled.
    /// </summary>
    /// <returns>Null on success, otherwise why not (naming the interface).</returns>
    public async Task<string?> AddApplianceAsync(NetworkAppliance appliance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(appliance);
        if (FindApplianceNode(appliance.Name) is not null || Inventory.FindHostNode(appliance.Name) is not null || Inventory.FindSwitchNode(appliance.Name) is not null)
        {
            return $"the name '{appliance.Name}' is already used in the network";
        }

        var ports = new List<(SwitchNode Switch, uint Port)>();
        foreach (var iface in appliance.Interfaces)
        {
            if (!PortRef.TryParse(iface.Attachment ?? "", out var at) || !_switchesByName.TryGetValue(at.Switch, out var sw) || sw.Spec.FindPort(at.Port) is null)
            {
                return $"interfaces[{iface.Index}].attachment: '{iface.Attachment}' is not a port of a simulated switch (write switch:port)";
            }

            ports.Add((sw, at.Port));
        }

        var node = new ApplianceNode(this, appliance);
        var cabled = new List<(SwitchNode Switch, uint Port)>();
        for (int i = 0; i < ports.Count; i++)
        {
            var (sw, port) = ports[i];
            bool attached = await OnExecutorAsync(sw, () => sw.TryAttach(port, new PortAttachment(node, (uint)i, null, null)), cancellationToken).ConfigureAwait(false);
            if (!attached)
            {
                foreach (var (s, p) in cabled)
                {
                    await OnExecutorAsync(s, () => s.Detach(p), cancellationToken).ConfigureAwait(false);
                }

                return $"interfaces[{i}].attachment: port {sw.Name}:{port} is already cabled";
            }

            cabled.Add((sw, port));
            node.SetUplink(i, new PortAttachment(sw, port, null, null));
        }

        lock (_appliancesGate)
        {
            Volatile.Write(ref _applianceNodes, [.. _applianceNodes, node]);
            EnsureApplianceTimer();
        }

        node.Announce();
        return null;
    }

    /// <summary>Stops an appliance and uncables its interfaces.</summary>
    /// <returns>False when there is no such appliance.</returns>
    public async Task<bool> RemoveApplianceAsync(string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ApplianceNode? node;
        lock (_appliancesGate)
        {
            node = _applianceNodes.FirstOrDefault(n => n.Name == name);
            if (node is null)
            {
                return false;
            }

            Volatile.Write(ref _applianceNodes, [.. _applianceNodes.Where(n => n != node)]);
        }

        for (int i = 0; i < node.Appliance.Interfaces.Count; i++)
        {
            if (node.Uplink(i) is { Peer: SwitchNode sw } uplink)
            {
                await OnExecutorAsync(sw, () => sw.Detach(uplink.PeerPort), cancellationToken).ConfigureAwait(false);
            }

            node.SetUplink(i, null);
        }

        return true;
    }

    internal ApplianceNode? FindApplianceNode(string name) => Volatile.Read(ref _applianceNodes).FirstOrDefault(n => n.Name == name);

    /// <summary>Creates the topology's appliances and cables them, while the network is being built.</summary>
    private void HostAppliances(TopologyDocument topology, Dictionary<string, SwitchNode> byName)
    {
        if (topology.Appliances.Count == 0)
        {
            return;
        }

        var registry = Options.ApplianceKinds ?? ApplianceRegistry.CreateDefault();
        var errors = ApplianceSpecBinder.Bind(topology, registry, out var bound);
        if (errors.Count > 0)
        {
            throw new ArgumentException($"the topology's appliances are invalid: {string.Join("; ", errors)}", nameof(topology));
        }

        var nodes = new List<ApplianceNode>(bound.Count);
        foreach (var b in bound)
        {
            var appliance = b.Kind.Create(b.Options, Options.Clock ?? TimeProvider.System);
            var node = new ApplianceNode(this, appliance);
            for (int i = 0; i < b.Spec.Interfaces.Count; i++)
            {
                var at = b.Spec.Interfaces[i].Attachment;
                var sw = Resolve(byName, at, "appliance", b.Spec.Name);
                sw.Attach(at.Port, new PortAttachment(node, (uint)i, null, null));
                node.SetUplink(i, new PortAttachment(sw, at.Port, null, null));
            }

            nodes.Add(node);
        }

        _applianceNodes = [.. nodes];
        EnsureApplianceTimer();
    }

    private void EnsureApplianceTimer()
    {
        _applianceTimer ??= (Options.Clock ?? TimeProvider.System).CreateTimer(
            static state => ((SimulatedNetwork)state!).TickAppliances(), this, Options.ApplianceTick, Options.ApplianceTick);
    }

    private void TickAppliances()
    {
        if (_disposed)
        {
            return;
        }

        foreach (var node in Volatile.Read(ref _applianceNodes))
        {
            try
            {
                node.Tick();
            }
#pragma warning disable CA1031 // One failing appliance must not stop the others' ticks or kill the timer thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                DeliveryFailed(node, e);
            }
        }
    }

    private void AnnounceAppliances()
    {
        foreach (var node in Volatile.Read(ref _applianceNodes))
        {
            node.Announce();
        }
    }

    private void StopAppliances()
    {
        lock (_appliancesGate)
        {
            _applianceTimer?.Dispose();
            _applianceTimer = null;
        }
    }
}
