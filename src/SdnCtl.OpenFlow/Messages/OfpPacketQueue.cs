using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Messages;

/// <summary>A queue of a port with its properties (spec 7.3.6, <c>struct ofp_packet_queue</c>).</summary>
public sealed class OfpPacketQueue : IEquatable<OfpPacketQueue>
{
    /*
     * Spec 7.3.6
     * struct ofp_packet_queue {
     *     uint32_t queue_id;   offset 0
     *     uint32_t port;       4
     *     uint16_t len;        8, including properties
     *     uint8_t pad[6];      10
     *     struct ofp_queue_prop_header properties[0];  16
     * };                       16 bytes
     * struct ofp_queue_prop_header { uint16_t property; uint16_t len; uint8_t pad[4]; };      8
     * struct ofp_queue_prop_min_rate / max_rate { header; uint16_t rate; uint8_t pad[6]; };   16
     * struct ofp_queue_prop_experimenter { header; uint32_t experimenter; uint8_t pad[4]; uint8_t data[0]; }  16+
     */

    private const int HeaderSize = 16;
    private const int PropHeaderSize = 8;
    private const int RatePropSize = 16;

    /// <summary>Queue id.</summary>
    public uint QueueId { get; set; }

    /// <summary>Port the queue belongs to.</summary>
    public uint Port { get; set; }

    /// <summary>Properties.</summary>
    public List<OfpQueueProperty> Properties { get; set; } = [];

    /// <summary>Bytes on the wire.</summary>
    public int WireLength
    {
        get
        {
            int n = HeaderSize;
            foreach (var p in Properties)
            {
                n += PropertyLength(p);
            }

            return n;
        }
    }

    /// <inheritdoc/>
    public bool Equals(OfpPacketQueue? other) =>
        other is not null && other.QueueId == QueueId && other.Port == Port && Wire.ListEqual(other.Properties, Properties);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OfpPacketQueue);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(QueueId, Port, Properties.Count);

    internal int Write(Span<byte> dest)
    {
        int len = WireLength;
        var d = dest[..len];
        d.Clear();
        BinaryPrimitives.WriteUInt32BigEndian(d, QueueId);
        BinaryPrimitives.WriteUInt32BigEndian(d[4..], Port);
        BinaryPrimitives.WriteUInt16BigEndian(d[8..], (ushort)len);
        int off = HeaderSize;
        foreach (var p in Properties)
        {
            int plen = PropertyLength(p);
            var pd = d.Slice(off, plen);
            BinaryPrimitives.WriteUInt16BigEndian(pd, (ushort)p.Type);
            BinaryPrimitives.WriteUInt16BigEndian(pd[2..], (ushort)plen);
            switch (p.Type)
            {
                case QueuePropertyType.MinRate:
                case QueuePropertyType.MaxRate:
                    BinaryPrimitives.WriteUInt16BigEndian(pd[8..], p.Rate);
                    break;
                case QueuePropertyType.Experimenter:
                    BinaryPrimitives.WriteUInt32BigEndian(pd[8..], p.ExperimenterId);
                    p.Data.Span.CopyTo(pd[16..]);
                    break;
                default:
                    p.Data.Span.CopyTo(pd[PropHeaderSize..]);
                    break;
            }

            off += plen;
        }

        return len;
    }

    /// <summary>Reads one queue from the front of <paramref name="src"/>; returns its length.</summary>
    internal static int Read(ReadOnlySpan<byte> src, out OfpPacketQueue queue)
    {
        Wire.AtLeast(src, HeaderSize, "ofp_packet_queue");
        int len = BinaryPrimitives.ReadUInt16BigEndian(src[8..]);
        if (len < HeaderSize || len > src.Length || len % 8 != 0)
        {
            Wire.ThrowBadLen($"ofp_packet_queue length {len} with {src.Length} bytes left");
        }

        queue = new OfpPacketQueue
        {
            QueueId = BinaryPrimitives.ReadUInt32BigEndian(src),
            Port = BinaryPrimitives.ReadUInt32BigEndian(src[4..]),
        };
        var props = src[HeaderSize..len];
        while (!props.IsEmpty)
        {
            Wire.AtLeast(props, PropHeaderSize, "queue property");
            var type = (QueuePropertyType)BinaryPrimitives.ReadUInt16BigEndian(props);
            int plen = BinaryPrimitives.ReadUInt16BigEndian(props[2..]);
            if (plen < PropHeaderSize || plen > props.Length || plen % 8 != 0)
            {
                Wire.ThrowBadLen($"queue property length {plen} with {props.Length} bytes left");
            }

            var p = new OfpQueueProperty { Type = type };
            switch (type)
            {
                case QueuePropertyType.MinRate:
                case QueuePropertyType.MaxRate:
                    if (plen != RatePropSize)
                    {
                        Wire.ThrowBadLen($"{type} queue property has length {plen}, expected 16");
                    }

                    p.Rate = BinaryPrimitives.ReadUInt16BigEndian(props[8..]);
                    break;
                case QueuePropertyType.Experimenter:
                    if (plen < 16)
                    {
                        Wire.ThrowBadLen($"experimenter queue property has length {plen}, needs 16");
                    }

                    p.ExperimenterId = BinaryPrimitives.ReadUInt32BigEndian(props[8..]);
                    p.Data = Wire.Copy(props[16..plen]);
                    break;
                default:
                    p.Data = Wire.Copy(props[PropHeaderSize..plen]);
                    break;
            }

            queue.Properties.Add(p);
            props = props[plen..];
        }

        return len;
    }

    private static int PropertyLength(OfpQueueProperty p) => p.Type switch
    {
        QueuePropertyType.MinRate or QueuePropertyType.MaxRate => RatePropSize,
        QueuePropertyType.Experimenter => 16 + ((p.Data.Length + 7) & ~7),
        _ => PropHeaderSize + ((p.Data.Length + 7) & ~7),
    };
}
