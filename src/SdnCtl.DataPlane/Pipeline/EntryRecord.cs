using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// The plain-data part of one installed flow entry, one element of a <see cref="FlowTable"/>'s
/// record pages. It holds no references, so the pages can be native memory (<see cref="NativeBlock"/>),
/// neither traced nor moved by the collector however many flows they hold; 64 bytes, so that 32,768
/// records fill one 2 MiB huge page. The match words live in the
/// <see cref="Subtable"/>'s key slots and the instructions in a parallel page of references.
/// </summary>
internal struct EntryRecord
{
    public ulong Cookie;
    public ulong PacketCount;
    public ulong ByteCount;
    public long CreatedTimestamp;
    public long LastUsedTimestamp;

    /// <summary>Key slot in the subtable; -1 while the id is free.</summary>
    public int Slot;

    /// <summary>Next entry id in the slot's priority chain, or (while free) in the table's free list; -1 = end.</summary>
    public int Next;

    /// <summary><see cref="Subtable.Id"/> of the subtable holding the entry.</summary>
    public int SubtableId;

    /// <summary>Position in the table's dense list of live ids (swap-remove).</summary>
    public int LiveIndex;

    public ushort Priority;
    public ushort IdleTimeout;
    public ushort HardTimeout;
    public FlowModFlags Flags;
}
