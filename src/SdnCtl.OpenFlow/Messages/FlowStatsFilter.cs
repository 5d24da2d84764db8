using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>The filter shared by the OFPMP_FLOW and OFPMP_AGGREGATE requests (identical layouts).</summary>
internal static class FlowStatsFilter
{
    private const int FixedSize = 32;

    public static void Write(Span<byte> payload, byte tableId, uint outPort, uint outGroup, ulong cookie, ulong cookieMask, List<OxmEntry> match)
    {
        payload[..FixedSize].Clear();
        payload[0] = tableId;
        BinaryPrimitives.WriteUInt32BigEndian(payload[4..], outPort);
        BinaryPrimitives.WriteUInt32BigEndian(payload[8..], outGroup);
        BinaryPrimitives.WriteUInt64BigEndian(payload[16..], cookie);
        BinaryPrimitives.WriteUInt64BigEndian(payload[24..], cookieMask);
        OxmCodec.WriteMatch(payload[FixedSize..], CollectionsMarshal.AsSpan(match));
    }

    public static void Read(
        ReadOnlySpan<byte> payload, string what, out byte tableId, out uint outPort, out uint outGroup, out ulong cookie, out ulong cookieMask, List<OxmEntry> match)
    {
        Wire.AtLeast(payload, FixedSize + OfpConstants.EmptyMatchSize, what);
        tableId = payload[0];
        outPort = BinaryPrimitives.ReadUInt32BigEndian(payload[4..]);
        outGroup = BinaryPrimitives.ReadUInt32BigEndian(payload[8..]);
        cookie = BinaryPrimitives.ReadUInt64BigEndian(payload[16..]);
        cookieMask = BinaryPrimitives.ReadUInt64BigEndian(payload[24..]);
        int end = FixedSize + OxmCodec.ReadMatch(payload[FixedSize..], match);
        if (end != payload.Length)
        {
            Wire.ThrowBadLen($"{what} has {payload.Length - end} bytes after its match");
        }
    }
}
