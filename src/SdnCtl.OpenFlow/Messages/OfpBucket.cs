using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>One action bucket of a group (spec 7.3.4.2, <c>struct ofp_bucket</c>).</summary>
public sealed class OfpBucket : IEquatable<OfpBucket>
{
    /*
     * Spec 7.3.4.2
     * struct ofp_bucket {
     *     uint16_t len;           offset 0, bucket length including actions
     *     uint16_t weight;        2, select groups only
     *     uint32_t watch_port;    4, fast-failover only, else OFPP_ANY
     *     uint32_t watch_group;   8, fast-failover only, else OFPG_ANY
     *     uint8_t pad[4];         12
     *     struct ofp_action_header actions[0];  16
     * };                          16 bytes
     */

    /// <summary>Relative weight for select groups.</summary>
    public ushort Weight { get; set; }

    /// <summary>Port whose liveness decides the bucket (fast failover); OFPP_ANY otherwise.</summary>
    public uint WatchPort { get; set; } = OfpPortNo.Any;

    /// <summary>Group whose liveness decides the bucket (fast failover); OFPG_ANY otherwise.</summary>
    public uint WatchGroup { get; set; } = OfpConstants.GroupAny;

    /// <summary>Actions of the bucket.</summary>
    public List<OfpAction> Actions { get; set; } = [];

    /// <summary>Bytes on the wire.</summary>
    public int WireLength => OfpConstants.BucketSize + ActionCodec.Length(CollectionsMarshal.AsSpan(Actions));

    /// <summary>A bucket with the given actions.</summary>
    public static OfpBucket Of(params ReadOnlySpan<OfpAction> actions)
    {
        var b = new OfpBucket();
        b.Actions.AddRange(actions);
        return b;
    }

    /// <inheritdoc/>
    public bool Equals(OfpBucket? other) =>
        other is not null && other.Weight == Weight && other.WatchPort == WatchPort && other.WatchGroup == WatchGroup &&
        Wire.ListEqual(other.Actions, Actions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OfpBucket);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Weight, WatchPort, WatchGroup, Actions.Count);

    /// <inheritdoc/>
    public override string ToString() => $"bucket(weight={Weight},watch_port={WatchPort},watch_group={WatchGroup},actions=[{string.Join(',', Actions)}])";

    internal static int ListLength(List<OfpBucket> buckets)
    {
        int n = 0;
        foreach (var b in buckets)
        {
            n += b.WireLength;
        }

        return n;
    }

    internal static int WriteList(Span<byte> dest, List<OfpBucket> buckets)
    {
        int off = 0;
        foreach (var b in buckets)
        {
            int len = b.WireLength;
            var d = dest.Slice(off, len);
            BinaryPrimitives.WriteUInt16BigEndian(d, (ushort)len);
            BinaryPrimitives.WriteUInt16BigEndian(d[2..], b.Weight);
            BinaryPrimitives.WriteUInt32BigEndian(d[4..], b.WatchPort);
            BinaryPrimitives.WriteUInt32BigEndian(d[8..], b.WatchGroup);
            d[12..16].Clear();
            ActionCodec.Write(d[16..], CollectionsMarshal.AsSpan(b.Actions));
            off += len;
        }

        return off;
    }

    /// <summary>Reads buckets filling exactly <paramref name="src"/>; length problems are OFPGMFC_BAD_BUCKET.</summary>
    internal static void ReadList(ReadOnlySpan<byte> src, List<OfpBucket> into)
    {
        into.Clear();
        while (!src.IsEmpty)
        {
            if (src.Length < OfpConstants.BucketSize)
            {
                ThrowBadBucket($"bucket truncated: {src.Length} bytes left");
            }

            int len = BinaryPrimitives.ReadUInt16BigEndian(src);
            if (len < OfpConstants.BucketSize || len > src.Length || len % 8 != 0)
            {
                ThrowBadBucket($"bucket length {len} with {src.Length} bytes left");
            }

            var b = new OfpBucket
            {
                Weight = BinaryPrimitives.ReadUInt16BigEndian(src[2..]),
                WatchPort = BinaryPrimitives.ReadUInt32BigEndian(src[4..]),
                WatchGroup = BinaryPrimitives.ReadUInt32BigEndian(src[8..]),
            };
            ActionCodec.ReadList(src[OfpConstants.BucketSize..len], b.Actions);
            into.Add(b);
            src = src[len..];
        }
    }

    private static void ThrowBadBucket(string message) =>
        OfpProtocolException.Throw(OfpErrorType.GroupModFailed, (ushort)GroupModFailedCode.BadBucket, message);
}
