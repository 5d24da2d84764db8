using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SdnCtl.Control.Network;

/// <summary>
/// One host's state as of one change, a plain struct: the control loop appends these to the
/// <see cref="HostLog"/> instead of building a <see cref="HostInfo"/> (and its address objects) and a
/// tree node per change; readers turn them into <see cref="HostInfo"/>s only when they ask.
/// </summary>
internal readonly struct HostRecord
{
    /// <summary>The most IPv4 addresses a record holds (the loop's host entry keeps no more).</summary>
    public const int MaxAddresses = 4;

    // Packed to 56 bytes: the times as UTC ticks (the loop's clock is UTC; a DateTimeOffset is 16
    // bytes) and the attachment as its two fields, so the record has no padding to speak of.
    private readonly ulong _datapathId;
    private readonly long _firstSeenTicks;
    private readonly long _lastSeenTicks;
    private readonly uint _portNo;
    private readonly Addresses _addresses;
    private readonly byte _addressCount;

    public HostRecord(ulong mac, SwitchPort attachment, DateTimeOffset firstSeen, DateTimeOffset lastSeen, ReadOnlySpan<uint> ipv4)
    {
        if (ipv4.Length > MaxAddresses)
        {
            throw new ArgumentOutOfRangeException(nameof(ipv4), ipv4.Length, $"a host record holds at most {MaxAddresses} addresses");
        }

        Mac = mac;
        _datapathId = attachment.DatapathId;
        _portNo = attachment.PortNo;
        _firstSeenTicks = firstSeen.UtcTicks;
        _lastSeenTicks = lastSeen.UtcTicks;
        ipv4.CopyTo(_addresses);
        _addressCount = (byte)ipv4.Length;
    }

    private HostRecord(ulong mac)
    {
        Mac = mac;
        Removed = true;
    }

    public ulong Mac { get; }

    /// <summary>True for the record that says the host was forgotten.</summary>
    public bool Removed { get; }

    public SwitchPort Attachment => new(_datapathId, _portNo);

    /// <summary>When the host was first learned, in UTC.</summary>
    public DateTimeOffset FirstSeen => new(_firstSeenTicks, TimeSpan.Zero);

    /// <summary>When the host was last heard from, in UTC.</summary>
    public DateTimeOffset LastSeen => new(_lastSeenTicks, TimeSpan.Zero);

    /// <summary>How many IPv4 addresses the host has.</summary>
    public int AddressCount => _addressCount;

    /// <summary>The <paramref name="index"/>th IPv4 address (host order), most recent last.</summary>
    public uint AddressAt(int index) => index < _addressCount ? _addresses[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public static HostRecord Removal(ulong mac) => new(mac);

    public HostInfo ToInfo(string? name) => new(Mac, name, ToAddresses(), Attachment, FirstSeen, LastSeen);

    // An array handed over as is rather than a LINQ projection or a builder; a host without an
    // address shares the empty array.
    private ImmutableArray<IPAddress> ToAddresses()
    {
        if (_addressCount == 0)
        {
            return [];
        }

        var addresses = new IPAddress[_addressCount];
        for (int i = 0; i < addresses.Length; i++)
        {
            uint a = _addresses[i];
            addresses[i] = new IPAddress([(byte)(a >> 24), (byte)(a >> 16), (byte)(a >> 8), (byte)a]);
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(addresses);
    }

    [InlineArray(MaxAddresses)]
    private struct Addresses
    {
        private uint _element;
    }
}
