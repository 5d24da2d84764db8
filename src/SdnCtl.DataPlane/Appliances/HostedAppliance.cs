using SdnCtl.DataPlane.Network;
using SdnCtl.Nfv;

namespace SdnCtl.DataPlane.Appliances;

/// <summary>
/// An appliance running in a <see cref="SimulatedNetwork"/>: its name, kind, interfaces and
/// counters, and safe access to the appliance itself (which is not thread-safe, so every use goes
/// through <see cref="Use{T}"/> under the same lock as its frame processing).
/// </summary>
public sealed class HostedAppliance
{
    private readonly ApplianceNode _node;

    internal HostedAppliance(ApplianceNode node)
    {
        _node = node;
    }

    /// <summary>The appliance's name.</summary>
    public string Name => _node.Name;

    /// <summary>Its kind.</summary>
    public string Kind => _node.Appliance.Kind;

    /// <summary>Its interfaces.</summary>
    public IReadOnlyList<VirtualInterface> Interfaces => _node.Appliance.Interfaces;

    /// <summary>The switch port each interface is cabled to (<c>s1:3</c>), or null.</summary>
    public IReadOnlyList<string?> Attachments =>
        [.. Enumerable.Range(0, Interfaces.Count).Select(i => _node.Uplink(i) is { } u ? $"{u.Peer.Name}:{u.PeerPort}" : null)];

    /// <summary>
    /// The appliance's own counters then, per interface, <c>frames-in:NAME</c> and <c>frames-out:NAME</c>.
    /// </summary>
    public IReadOnlyList<ApplianceCounter> GetCounters()
    {
        var perInterface = _node.InterfaceCounters();
        var counters = new List<ApplianceCounter>(Use(a => a.GetCounters()));
        for (int i = 0; i < perInterface.Length; i++)
        {
            counters.Add(new ApplianceCounter($"frames-in:{Interfaces[i].Name}", perInterface[i].In));
            counters.Add(new ApplianceCounter($"frames-out:{Interfaces[i].Name}", perInterface[i].Out));
        }

        return counters;
    }

    /// <summary>Runs <paramref name="use"/> on the appliance with no frame being processed meanwhile (reads, configuration changes).</summary>
    public T Use<T>(Func<NetworkAppliance, T> use)
    {
        ArgumentNullException.ThrowIfNull(use);
        lock (_node.Gate)
        {
            return use(_node.Appliance);
        }
    }
}
