using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// A flow entry's instructions pre-split for the per-packet path (spec 5.9): meter, apply / clear /
/// write actions, write-metadata and goto-table, plus the order they were given in (4 bits per
/// instruction type) so that stats can rebuild the list. Immutable, so entries with the same
/// instructions share one instance.
/// </summary>
/// <remarks>
/// Written by hand for the install path: a proactive rule set repeats a few instruction sets over
/// 100k+ entries, and these ~70 bytes were the larger half of each entry. A per-thread
/// four-way set-associative cache (as <see cref="ActionLists"/>, and as large) finds the last equal set; a miss allocates one.
/// </remarks>
internal sealed class EntryInstructions
{

    [ThreadStatic]
    private static EntryInstructions?[]? t_slots;

    private EntryInstructions(in Builder b)
    {
        MeterId = b.MeterId;
        ApplyActions = b.ApplyActions;
        ClearActions = b.ClearActions;
        WriteActions = b.WriteActions;
        HasWriteMetadata = b.HasWriteMetadata;
        Metadata = b.Metadata;
        MetadataMask = b.MetadataMask;
        GotoTable = b.GotoTable;
        Other = b.Other;
        Order = b.Order;
        Count = b.Count;
    }

    /// <summary>No instructions (drop).</summary>
    public static EntryInstructions None { get; } = new(new Builder { GotoTable = -1 });

    public uint MeterId { get; }

    public OfpAction[]? ApplyActions { get; }

    public bool ClearActions { get; }

    public OfpAction[]? WriteActions { get; }

    public bool HasWriteMetadata { get; }

    public ulong Metadata { get; }

    public ulong MetadataMask { get; }

    /// <summary>Goto table id, or -1.</summary>
    public int GotoTable { get; }

    /// <summary>An exact copy of instructions this form cannot hold (validation refuses them; kept in case).</summary>
    public OfpInstruction[]? Other { get; }

    private ulong Order { get; }

    private int Count { get; }

    /// <summary>out_port filter (spec 7.3.4.2): an output action to <paramref name="port"/> in any instruction.</summary>
    public bool OutputsTo(uint port) => Contains(ApplyActions, OfpActionType.Output, port) || Contains(WriteActions, OfpActionType.Output, port);

    /// <summary>out_group filter: a group action to <paramref name="group"/>.</summary>
    public bool UsesGroup(uint group) => Contains(ApplyActions, OfpActionType.Group, group) || Contains(WriteActions, OfpActionType.Group, group);

    /// <summary>The shared instance equal to <paramref name="instructions"/>.</summary>
    public static EntryInstructions From(IReadOnlyList<OfpInstruction> instructions)
    {
        // Each type appears at most once (the decoder enforces it).
        var b = new Builder { GotoTable = -1 };
        for (int i = 0; i < instructions.Count; i++)
        {
            var ins = instructions[i];
            switch (ins.Type)
            {
                case OfpInstructionType.Meter: b.MeterId = ins.MeterId; break;
                case OfpInstructionType.ApplyActions: b.ApplyActions = ActionLists.Share(CollectionsMarshal.AsSpan(ins.Actions)); break;
                case OfpInstructionType.ClearActions: b.ClearActions = true; break;
                case OfpInstructionType.WriteActions: b.WriteActions = ActionLists.Share(CollectionsMarshal.AsSpan(ins.Actions)); break;
                case OfpInstructionType.WriteMetadata:
                    b.HasWriteMetadata = true;
                    b.Metadata = ins.Metadata;
                    b.MetadataMask = ins.MetadataMask;
                    break;
                case OfpInstructionType.GotoTable: b.GotoTable = ins.TableId; break;
                default:
                    // Not installable (validation refuses it), but keep an exact copy if it ever is.
                    b.Other = CopyOf(instructions);
                    continue;
            }

            if (b.Count < 16)
            {
                b.Order |= (ulong)ins.Type << (4 * b.Count);
                b.Count++;
            }
        }

        if (b.Other is not null)
        {
            return new EntryInstructions(b);
        }

        var slots = t_slots ??= new EntryInstructions?[WaySets.SlotCount];
        if (WaySets.Find(slots, b.Hash(), ref b, out int victim) is { } cached)
        {
            return cached;
        }

        var created = new EntryInstructions(b);
        slots[victim] = created;
        return created;
    }

    /// <summary>The instructions in the order given; a new list the caller owns.</summary>
    public IReadOnlyList<OfpInstruction> Build()
    {
        if (Other is not null)
        {
            return Other;
        }

        var list = new List<OfpInstruction>(Count);
        for (int i = 0; i < Count; i++)
        {
            var type = (OfpInstructionType)((Order >> (4 * i)) & 0xf);
            var ins = new OfpInstruction(type);
            switch (type)
            {
                case OfpInstructionType.Meter: ins.MeterId = MeterId; break;
                case OfpInstructionType.ApplyActions: ins.Actions.AddRange(ApplyActions!); break;
                case OfpInstructionType.WriteActions: ins.Actions.AddRange(WriteActions!); break;
                case OfpInstructionType.WriteMetadata:
                    ins.Metadata = Metadata;
                    ins.MetadataMask = MetadataMask;
                    break;
                case OfpInstructionType.GotoTable: ins.TableId = (byte)GotoTable; break;
                default: break;
            }

            list.Add(ins);
        }

        return list;
    }

    private static bool Contains(OfpAction[]? actions, OfpActionType type, uint argument)
    {
        if (actions is null)
        {
            return false;
        }

        foreach (ref readonly var a in actions.AsSpan())
        {
            if (a.Type == type && a.Argument == argument)
            {
                return true;
            }
        }

        return false;
    }

    private static OfpInstruction[] CopyOf(IReadOnlyList<OfpInstruction> instructions)
    {
        var copy = new OfpInstruction[instructions.Count];
        for (int i = 0; i < copy.Length; i++)
        {
            var ins = instructions[i];
            var c = new OfpInstruction(ins.Type)
            {
                TableId = ins.TableId,
                Metadata = ins.Metadata,
                MetadataMask = ins.MetadataMask,
                MeterId = ins.MeterId,
                ExperimenterId = ins.ExperimenterId,
                ExperimenterData = ins.ExperimenterData,
            };
            c.Actions.AddRange(ins.Actions);
            copy[i] = c;
        }

        return copy;
    }

    private struct Builder : WaySets.IKey<EntryInstructions>
    {
        public uint MeterId;
        public OfpAction[]? ApplyActions;
        public bool ClearActions;
        public OfpAction[]? WriteActions;
        public bool HasWriteMetadata;
        public ulong Metadata;
        public ulong MetadataMask;
        public int GotoTable;
        public OfpInstruction[]? Other;
        public ulong Order;
        public int Count;

        public readonly ulong Hash()
        {
            const ulong multiplier = 0x9E3779B97F4A7C15UL;
            ulong h = (Order ^ ((ulong)MeterId << 32) ^ (uint)GotoTable) * multiplier;
            h = (h ^ (ulong)RuntimeHelpers.GetHashCode(ApplyActions) ^ ((ulong)RuntimeHelpers.GetHashCode(WriteActions) << 32)) * multiplier;
            h = (h ^ Metadata ^ BitRotate(MetadataMask)) * multiplier;
            return h ^ (h >> 29);
        }

        // Arrays compare by reference: ActionLists hands out one array per distinct list it holds.
        public readonly bool Matches(EntryInstructions other) =>
            MeterId == other.MeterId && ReferenceEquals(ApplyActions, other.ApplyActions) && ClearActions == other.ClearActions &&
            ReferenceEquals(WriteActions, other.WriteActions) && HasWriteMetadata == other.HasWriteMetadata &&
            Metadata == other.Metadata && MetadataMask == other.MetadataMask && GotoTable == other.GotoTable &&
            Order == other.Order && Count == other.Count;

        private static ulong BitRotate(ulong v) => (v << 17) | (v >> 47);
    }
}
