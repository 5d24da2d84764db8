using System.Runtime.CompilerServices;
using SdnCtl.Control.Network;

namespace SdnCtl.Control.Core;

/// <summary>Loop-owned state of one learned host.</summary>
internal sealed class HostEntry
{
    /// <summary>The most IPv4 addresses a host keeps; learning another forgets the oldest. The readers' record of a host holds as many.</summary>
    public const int MaxAddresses = HostRecord.MaxAddresses;

    // Held in the entry itself rather than in a list: a host has one address or a few, and a list
    // cost two more objects per learned host (its array too), kept for as long as the host is.
    private AddressSlots _addresses;
    private int _addressCount;

    // UTC ticks rather than DateTimeOffsets (8 bytes each, not 16): an entry lives as long as its
    // host, and a packet-in storm learns hundreds of thousands of them. The loop's clock is UTC.
    private readonly long _firstSeenTicks;
    private long _lastSeenTicks;

    public HostEntry(ulong mac, SwitchPort attachment, DateTimeOffset now, string? name)
    {
        Mac = mac;
        Attachment = attachment;
        _firstSeenTicks = now.UtcTicks;
        _lastSeenTicks = now.UtcTicks;
        Name = name;
    }

    public ulong Mac { get; }

    public string? Name { get; set; }

    public SwitchPort Attachment { get; set; }

    public DateTimeOffset FirstSeen => new(_firstSeenTicks, TimeSpan.Zero);

    public DateTimeOffset LastSeen
    {
        get => new(_lastSeenTicks, TimeSpan.Zero);
        set => _lastSeenTicks = value.UtcTicks;
    }

    /// <summary>IPv4 addresses (host order), most recent last.</summary>
    public ReadOnlySpan<uint> Ipv4 => ((ReadOnlySpan<uint>)_addresses)[.._addressCount];

    /// <summary>Forgets <paramref name="ipv4"/>; false if the host did not have it.</summary>
    public bool RemoveAddress(uint ipv4)
    {
        Span<uint> addresses = _addresses;
        int i = addresses[.._addressCount].IndexOf(ipv4);
        if (i < 0)
        {
            return false;
        }

        addresses[(i + 1).._addressCount].CopyTo(addresses[i..]);
        _addressCount--;
        return true;
    }

    /// <summary>
    /// Makes <paramref name="ipv4"/> the most recent address; returns the oldest one it pushed out
    /// to stay within <see cref="MaxAddresses"/>, or 0.
    /// </summary>
    public uint AddAddress(uint ipv4)
    {
        RemoveAddress(ipv4);
        uint dropped = 0;
        if (_addressCount == MaxAddresses)
        {
            dropped = _addresses[0];
            RemoveAddress(dropped);
        }

        _addresses[_addressCount++] = ipv4;
        return dropped;
    }

    [InlineArray(MaxAddresses)]
    private struct AddressSlots
    {
        private uint _element;
    }
}
