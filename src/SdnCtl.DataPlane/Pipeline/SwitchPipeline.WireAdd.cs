using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using SdnCtl.DataPlane.Packets;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Pipeline;

/// <summary>
/// FLOW_MOD ADD applied straight from the message bytes: the match's key words are built from the
/// OXM TLVs as they are read (no match list), and the instructions are found by their bytes in a
/// per-thread cache of instruction sets already decoded and validated, so that a rule set repeating a
/// few thousand instruction lists over a million flows decodes each list once, not once per flow.
/// </summary>
/// <remarks>
/// Written by hand for the proactive install path (a million FLOW_MODs a second is the target, and
/// decoding into objects and then sharing them was about a quarter of the switch threads' CPU under perf). It only
/// takes what it is sure of (and the switch does not call it for a slave): anything unusual (any decode or validation error,
/// a buffer id, fields that share key bits) returns false untouched, and the ordinary decoder and
/// <see cref="ApplyFlowMod"/> handle the message, so every error is the one they give.
/// </remarks>
public sealed partial class SwitchPipeline
{
    /*
     * Spec 7.3.4.1 struct ofp_flow_mod, offsets in the message (header included): cookie 8,
     * cookie_mask 16, table_id 24, command 25, idle_timeout 26, hard_timeout 28, priority 30,
     * buffer_id 32, out_port 36, out_group 40, flags 44, pad 46, struct ofp_match 48 (padded to 8),
     * then the instructions to the end of the message.
     */
    private const int WireMatchOffset = 48;

    // More fields than this is not a proactive rule: the ordinary path takes it (40 fields exist).
    private const int WireMaxFields = 16;

    [ThreadStatic]
    private static WireInstructions?[]? t_wireInstructions;

    // Decoded instructions of a cache miss, reused (the pipeline is single-threaded).
    private readonly List<OfpInstruction> _wireScratch = [];

    /// <summary>
    /// Applies <paramref name="frame"/> when it is a well-formed FLOW_MOD ADD whose match and
    /// instructions pass every check; returns false, having changed nothing, for anything else (the
    /// caller then decodes it and calls <see cref="ApplyFlowMod"/>, which gives the error). True means
    /// it was applied, or refused with <paramref name="error"/> (overlap, table full) as
    /// <see cref="ApplyFlowMod"/> would have refused it.
    /// </summary>
    public bool TryAddFlowFromWire(ReadOnlySpan<byte> frame, out OfpError? error)
    {
        error = null;
        if (frame.Length < OfpConstants.FlowModSize || frame[0] != OfpConstants.Version || frame[1] != (byte)OfpType.FlowMod ||
            BinaryPrimitives.ReadUInt16BigEndian(frame[2..]) != frame.Length || frame[25] != (byte)FlowModCommand.Add)
        {
            return false;
        }

        byte tableId = frame[24];
        var flags = (FlowModFlags)BinaryPrimitives.ReadUInt16BigEndian(frame[44..]);
        if (tableId >= _tables.Length || (flags & ~KnownFlowModFlags) != 0 || BinaryPrimitives.ReadUInt32BigEndian(frame[32..]) != OfpConstants.NoBuffer)
        {
            return false;
        }

        var rest = frame[WireMatchOffset..];
        if (BinaryPrimitives.ReadUInt16BigEndian(rest) != OxmCodec.MatchTypeOxm)
        {
            return false;
        }

        int matchLength = BinaryPrimitives.ReadUInt16BigEndian(rest[2..]);
        if (matchLength < OfpConstants.MatchHeaderSize || OxmCodec.Pad8(matchLength) > rest.Length)
        {
            return false;
        }

        if (!TryCompileWireMatch(rest[OfpConstants.MatchHeaderSize..matchLength], out var match))
        {
            return false;
        }

        // The bucket's cache miss then overlaps the instruction lookup's own (the two were most of the
        // switch side's table time under perf).
        _tables[tableId].Prefetch(match);
        if (!TryWireInstructions(tableId, rest[OxmCodec.Pad8(matchLength)..], out var instructions))
        {
            return false;
        }

        error = AddValidated(
            tableId,
            match,
            priority: BinaryPrimitives.ReadUInt16BigEndian(frame[30..]),
            instructions,
            cookie: BinaryPrimitives.ReadUInt64BigEndian(frame[8..]),
            idleTimeout: BinaryPrimitives.ReadUInt16BigEndian(frame[26..]),
            hardTimeout: BinaryPrimitives.ReadUInt16BigEndian(frame[28..]),
            flags);
        return true;
    }

    /// <summary>
    /// The match of the OXM TLVs <paramref name="oxms"/>, each read and checked by
    /// <see cref="OxmCodec.Read"/> and laid into the key words at once; false for any error, a
    /// duplicate, an unmet prerequisite, a bad in_port or two fields sharing key bits.
    /// </summary>
    private static bool TryCompileWireMatch(ReadOnlySpan<byte> oxms, out FlowMatch match)
    {
        match = default;
        Span<ulong> mask = stackalloc ulong[FlowKeyLayout.WordCount];
        Span<ulong> value = stackalloc ulong[FlowKeyLayout.WordCount];
        Span<ulong> taken = stackalloc ulong[FlowKeyLayout.WordCount];
        Span<OxmEntry> fields = stackalloc OxmEntry[WireMaxFields];
        mask.Clear();
        value.Clear();
        taken.Clear();
        ulong required = 0;
        int count = 0;
        bool rebuildable = true;
        try
        {
            while (!oxms.IsEmpty)
            {
                if (count == WireMaxFields)
                {
                    return false;
                }

                int n = OxmCodec.Read(oxms, out var f);
                oxms = oxms[n..];
                ulong bit = 1UL << (int)f.Field;
                if ((required & bit) != 0 || !Lay(f, mask, value, taken))
                {
                    return false;
                }

                required |= bit;
                fields[count++] = f;

                // An all-ones mask sent explicitly would come back without it (FlowMatch keeps such fields as given).
                rebuildable &= !(f.HasMask && f.Mask == OxmFields.FullMask(f.Field));
            }
        }
        catch (OfpProtocolException)
        {
            return false;
        }

        fields = fields[..count];
        if (!MatchPrerequisites.TryCheck(fields, out _, out _) || ValidateMatchPorts(fields) is not null)
        {
            return false;
        }

        match = new FlowMatch(required, mask, value, rebuildable ? default : fields);
        return true;
    }

    /// <summary>ORs one field's mask and masked value into its key bits; false when another field already holds any of them.</summary>
    private static bool Lay(in OxmEntry f, Span<ulong> mask, Span<ulong> value, Span<ulong> taken)
    {
        if (FlowKeyLayout.Get(taken, f.Field) != UInt128.Zero)
        {
            return false;
        }

        FlowKeyLayout.Or(taken, f.Field, UInt128.MaxValue);
        var m = f.EffectiveMask;
        FlowKeyLayout.Or(mask, f.Field, m);
        FlowKeyLayout.Or(value, f.Field, f.Value & m);
        return true;
    }

    /// <summary>
    /// The shared instructions for <paramref name="bytes"/> in a FLOW_MOD for <paramref name="tableId"/>:
    /// found by the bytes, or decoded, validated and remembered; false for any decode or validation error.
    /// </summary>
    private bool TryWireInstructions(byte tableId, ReadOnlySpan<byte> bytes, out EntryInstructions instructions)
    {
        var slots = t_wireInstructions ??= new WireInstructions?[WaySets.SlotCount];
        var key = new WireKey(bytes);
        if (WaySets.Find(slots, WireKey.Hash(bytes), ref key, out int victim) is { } cached)
        {
            instructions = cached.Instructions;
            return !cached.DependsOnState || StillValid(tableId, cached);
        }

        instructions = EntryInstructions.None;
        try
        {
            InstructionCodec.ReadList(bytes, _wireScratch);
        }
        catch (OfpProtocolException)
        {
            return false;
        }

        if (ValidateInstructions(tableId, _wireScratch) is not null)
        {
            return false;
        }

        bool meter = false;
        bool group = false;
        foreach (var ins in _wireScratch)
        {
            meter |= ins.Type == OfpInstructionType.Meter;
            foreach (var a in ins.Actions)
            {
                group |= a.Type == OfpActionType.Group;
            }
        }

        instructions = EntryInstructions.From(_wireScratch);
        slots[victim] = new WireInstructions(bytes, instructions, meter, group);
        return true;
    }

    /// <summary>
    /// What <see cref="ValidateInstructions"/> checks against this pipeline and this table rather than
    /// the bytes alone: goto_table forward and existing, the meter and the groups existing.
    /// </summary>
    private bool StillValid(byte tableId, WireInstructions cached)
    {
        var ins = cached.Instructions;
        if (ins.GotoTable >= 0 && (ins.GotoTable <= tableId || ins.GotoTable >= _tables.Length))
        {
            return false;
        }

        if (cached.HasMeter && !_meters.ContainsKey(ins.MeterId))
        {
            return false;
        }

        return !cached.HasGroup || (GroupsExist(ins.ApplyActions) && GroupsExist(ins.WriteActions));
    }

    private bool GroupsExist(OfpAction[]? actions)
    {
        if (actions is null)
        {
            return true;
        }

        foreach (ref readonly var a in actions.AsSpan())
        {
            if (a.Type == OfpActionType.Group && !_groups.ContainsKey(a.Argument))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An instruction list's bytes and what they decode to, once validated.</summary>
    /// <remarks>
    /// The bytes of a list up to 64 long (every list of <c>sdnctl bench flows</c> and of the controller's
    /// compilers) sit inside the object and whether it needs <see cref="StillValid"/> is worked out once:
    /// a lookup then touches the slot and this object only, not a byte array and the instruction set as
    /// well (each a cache miss, with thousands of lists in use).
    /// </remarks>
    private sealed class WireInstructions
    {
        private const int InlineBytes = 64;

        private readonly Inline _inline;
        private readonly byte[]? _long;
        private readonly int _length;

        public WireInstructions(ReadOnlySpan<byte> bytes, EntryInstructions instructions, bool hasMeter, bool hasGroup)
        {
            _length = bytes.Length;
            if (bytes.Length <= InlineBytes)
            {
                bytes.CopyTo(_inline);
            }
            else
            {
                _long = bytes.ToArray();
            }

            Instructions = instructions;
            HasMeter = hasMeter;
            HasGroup = hasGroup;
            DependsOnState = hasMeter || hasGroup || instructions.GotoTable >= 0;
        }

        public EntryInstructions Instructions { get; }

        public bool HasMeter { get; }

        public bool HasGroup { get; }

        /// <summary>Valid by the bytes alone unless it has a goto_table, a meter or a group action.</summary>
        public bool DependsOnState { get; }

        public bool Holds(ReadOnlySpan<byte> bytes) =>
            bytes.Length == _length && bytes.SequenceEqual(_long ?? ((ReadOnlySpan<byte>)_inline)[.._length]);

        [InlineArray(InlineBytes)]
        private struct Inline
        {
            private byte _element0;
        }
    }

    private readonly ref struct WireKey(ReadOnlySpan<byte> bytes) : WaySets.IKey<WireInstructions>
    {
        private readonly ReadOnlySpan<byte> _bytes = bytes;

        public bool Matches(WireInstructions cached) => cached.Holds(_bytes);

        /// <summary>
        /// Multiply-xor over 8-byte words (instruction lists are multiples of 8 bytes and a few dozen
        /// long): by hand because it runs once per FLOW_MOD and a general-purpose hash's setup costs
        /// more than these few words. A collision only costs a byte compare that fails.
        /// </summary>
        public static ulong Hash(ReadOnlySpan<byte> bytes)
        {
            const ulong multiplier = 0x9E3779B97F4A7C15UL;
            ulong h = (ulong)bytes.Length * multiplier;
            while (bytes.Length >= sizeof(ulong))
            {
                h = (h ^ BinaryPrimitives.ReadUInt64LittleEndian(bytes)) * multiplier;
                h ^= h >> 32;
                bytes = bytes[sizeof(ulong)..];
            }

            foreach (byte b in bytes)
            {
                h = (h ^ b) * multiplier;
            }

            return h ^ (h >> 29);
        }
    }
}
