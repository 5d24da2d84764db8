using System.Globalization;

namespace SdnCtl.Control.Network;

/// <summary>One port of one datapath, written <c>dpid:port</c> with the datapath id in 16 hex digits.</summary>
/// <param name="DatapathId">The datapath id.</param>
/// <param name="PortNo">The OpenFlow port number.</param>
public readonly record struct SwitchPort(ulong DatapathId, uint PortNo) : IComparable<SwitchPort>
{
    /// <inheritdoc/>
    public int CompareTo(SwitchPort other)
    {
        int c = DatapathId.CompareTo(other.DatapathId);
        return c != 0 ? c : PortNo.CompareTo(other.PortNo);
    }

    /// <summary>Returns <c>0000000000000001:2</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{DatapathId:x16}:{PortNo}");

    /// <summary>Orders by datapath id, then port number.</summary>
    public static bool operator <(SwitchPort left, SwitchPort right) => left.CompareTo(right) < 0;

    /// <summary>Orders by datapath id, then port number.</summary>
    public static bool operator >(SwitchPort left, SwitchPort right) => left.CompareTo(right) > 0;

    /// <summary>Orders by datapath id, then port number.</summary>
    public static bool operator <=(SwitchPort left, SwitchPort right) => left.CompareTo(right) <= 0;

    /// <summary>Orders by datapath id, then port number.</summary>
    public static bool operator >=(SwitchPort left, SwitchPort right) => left.CompareTo(right) >= 0;
}
