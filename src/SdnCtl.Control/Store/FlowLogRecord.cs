using System.Buffers.Binary;
using System.Diagnostics;

namespace SdnCtl.Control.Store;

/// <summary>
/// One record of the SQLite store's flow log (<see cref="SqliteControllerStore"/>): a whole flow change,
/// its removes then its upserts, packed in one blob, so that a REST batch of 10,000 flows is one row
/// and one bound parameter instead of 10,000 B-tree inserts on a random key.
/// </summary>
/// <remarks>
/// Layout, little-endian: a format byte (1), then one entry after another:
/// <code>
///   kind      1 byte   0 = remove, 1 = upsert
///   datapath  8 bytes
///   key       4-byte length, then the key
///   flow-mod  4-byte length, then the FLOW_MOD   (upsert only)
/// </code>
/// Written by hand: it is a flat concatenation on the store's hot path that no serializer makes
/// cheaper, and reading it checks every length against what is left before taking any bytes.
/// </remarks>
internal static class FlowLogRecord
{
    private const byte Format = 1;
    private const byte RemoveKind = 0;
    private const byte UpsertKind = 1;

    // kind + datapath + key length; an upsert adds the flow-mod length.
    private const int EntryFixed = 1 + 8 + 4;

    /// <summary>Packs a change: <paramref name="remove"/> first, then <paramref name="upsert"/>, as the store applies them.</summary>
    public static byte[] Encode(IReadOnlyCollection<StoredFlow> upsert, IReadOnlyCollection<(ulong DatapathId, byte[] Key)> remove)
    {
        long size = 1;
        foreach (var (_, key) in remove)
        {
            size += EntryFixed + key.Length;
        }

        foreach (StoredFlow flow in upsert)
        {
            size += EntryFixed + 4 + flow.Key.Length + flow.FlowMod.Length;
        }

        var body = new byte[checked((int)size)];
        body[0] = Format;
        int at = 1;
        foreach (var (datapathId, key) in remove)
        {
            at = WriteHead(body, at, RemoveKind, datapathId, key);
        }

        foreach (StoredFlow flow in upsert)
        {
            at = WriteHead(body, at, UpsertKind, flow.DatapathId, flow.Key);
            at = WriteBytes(body, at, flow.FlowMod);
        }

        Debug.Assert(at == body.Length, "the size computed above is what was written");
        return body;
    }

    /// <summary>
    /// Applies a record to <paramref name="flows"/> in its order and returns how many entries it held.
    /// </summary>
    /// <exception cref="InvalidDataException">The record is not one this version wrote (truncated, bad kind or format).</exception>
    public static int Apply(ReadOnlySpan<byte> body, Dictionary<(ulong DatapathId, byte[] Key), StoredFlow> flows)
    {
        if (body.IsEmpty || body[0] != Format)
        {
            throw new InvalidDataException(body.IsEmpty ? "empty flow record" : $"flow record format {body[0]} is not {Format}");
        }

        int at = 1;
        int entries = 0;
        while (at < body.Length)
        {
            if (body.Length - at < EntryFixed)
            {
                throw new InvalidDataException($"flow record entry {entries} is truncated at byte {at}");
            }

            byte kind = body[at];
            ulong datapathId = BinaryPrimitives.ReadUInt64LittleEndian(body[(at + 1)..]);
            at += 9;
            byte[] key = ReadBytes(body, ref at, entries);
            switch (kind)
            {
                case RemoveKind:
                    flows.Remove((datapathId, key));
                    break;
                case UpsertKind:
                    if (body.Length - at < 4)
                    {
                        throw new InvalidDataException($"flow record entry {entries} is truncated at byte {at}");
                    }

                    byte[] flowMod = ReadBytes(body, ref at, entries);
                    flows[(datapathId, key)] = new StoredFlow(datapathId, key, flowMod);
                    break;
                default:
                    throw new InvalidDataException($"flow record entry {entries} has kind {kind}, neither remove (0) nor upsert (1)");
            }

            entries++;
        }

        return entries;
    }

    private static int WriteHead(byte[] body, int at, byte kind, ulong datapathId, byte[] key)
    {
        body[at] = kind;
        BinaryPrimitives.WriteUInt64LittleEndian(body.AsSpan(at + 1), datapathId);
        return WriteBytes(body, at + 9, key);
    }

    private static int WriteBytes(byte[] body, int at, byte[] bytes)
    {
        BinaryPrimitives.WriteInt32LittleEndian(body.AsSpan(at), bytes.Length);
        bytes.CopyTo(body, at + 4);
        return at + 4 + bytes.Length;
    }

    // The caller checked that the 4-byte length is there.
    private static byte[] ReadBytes(ReadOnlySpan<byte> body, ref int at, int entry)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(body[at..]);
        at += 4;
        if (length < 0 || length > body.Length - at)
        {
            throw new InvalidDataException($"flow record entry {entry} claims {length} bytes where {body.Length - at} are left");
        }

        byte[] bytes = body.Slice(at, length).ToArray();
        at += length;
        return bytes;
    }
}
