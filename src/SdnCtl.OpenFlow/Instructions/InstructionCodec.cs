using System.Buffers.Binary;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Errors;

namespace SdnCtl.OpenFlow.Instructions;

/// <summary>Encodes and decodes instruction lists (spec 7.2.4).</summary>
public static class InstructionCodec
{
    /*
     * struct ofp_instruction_goto_table     { uint16_t type; uint16_t len; uint8_t table_id; pad[3]; }        8
     * struct ofp_instruction_write_metadata { type; len; pad[4]; uint64_t metadata; uint64_t metadata_mask; } 24
     * struct ofp_instruction_actions        { type; len; pad[4]; struct ofp_action_header actions[0]; }       8+
     * struct ofp_instruction_meter          { type; len; uint32_t meter_id; }                                 8
     * struct ofp_instruction_experimenter   { type; len; uint32_t experimenter; } + body, padded to 8
     */

    /// <summary>Wire length of one instruction.</summary>
    public static int Length(OfpInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        return instruction.Type switch
        {
            OfpInstructionType.WriteMetadata => 24,
            OfpInstructionType.WriteActions or OfpInstructionType.ApplyActions =>
                OfpConstants.InstructionActionsSize + ActionCodec.Length(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(instruction.Actions)),
            OfpInstructionType.Experimenter => (8 + instruction.ExperimenterData.Length + 7) & ~7,
            _ => 8,
        };
    }

    /// <summary>Wire length of a list of instructions.</summary>
    public static int Length(IReadOnlyList<OfpInstruction> instructions)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        int n = 0;
        for (int i = 0; i < instructions.Count; i++)
        {
            n += Length(instructions[i]);
        }

        return n;
    }

    /// <summary>Writes one instruction; returns its length.</summary>
    /// <remarks>
    /// An action instruction's length is taken from the actions written, and its header written after
    /// them, so its action list is walked once (this is the FLOW_MOD send path), not measured first.
    /// </remarks>
    public static int Write(Span<byte> dest, OfpInstruction instruction)
    {
        ArgumentNullException.ThrowIfNull(instruction);
        dest[..8].Clear();
        int len = 8;
        switch (instruction.Type)
        {
            case OfpInstructionType.GotoTable:
                dest[4] = instruction.TableId;
                break;
            case OfpInstructionType.WriteMetadata:
                len = 24;
                BinaryPrimitives.WriteUInt64BigEndian(dest[8..], instruction.Metadata);
                BinaryPrimitives.WriteUInt64BigEndian(dest[16..], instruction.MetadataMask);
                break;
            case OfpInstructionType.WriteActions:
            case OfpInstructionType.ApplyActions:
                len = OfpConstants.InstructionActionsSize +
                    ActionCodec.Write(dest[8..], System.Runtime.InteropServices.CollectionsMarshal.AsSpan(instruction.Actions));
                break;
            case OfpInstructionType.Meter:
                BinaryPrimitives.WriteUInt32BigEndian(dest[4..], instruction.MeterId);
                break;
            case OfpInstructionType.Experimenter:
                len = Length(instruction);
                BinaryPrimitives.WriteUInt32BigEndian(dest[4..], instruction.ExperimenterId);
                dest[8..len].Clear();
                instruction.ExperimenterData.Span.CopyTo(dest[8..]);
                break;
            default:
                break;
        }

        BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)instruction.Type);
        BinaryPrimitives.WriteUInt16BigEndian(dest[2..], (ushort)len);
        return len;
    }

    /// <summary>Writes a list of instructions; returns bytes written.</summary>
    public static int Write(Span<byte> dest, IReadOnlyList<OfpInstruction> instructions)
    {
        ArgumentNullException.ThrowIfNull(instructions);
        int off = 0;
        for (int i = 0; i < instructions.Count; i++)
        {
            off += Write(dest[off..], instructions[i]);
        }

        return off;
    }

    /// <summary>Wire length of a list of instructions held in a span (no interface calls per item).</summary>
    internal static int Length(ReadOnlySpan<OfpInstruction> instructions)
    {
        int n = 0;
        foreach (var instruction in instructions)
        {
            n += Length(instruction);
        }

        return n;
    }

    /// <summary>Writes a list of instructions held in a span (no interface calls per item); returns bytes written.</summary>
    internal static int Write(Span<byte> dest, ReadOnlySpan<OfpInstruction> instructions)
    {
        int off = 0;
        foreach (var instruction in instructions)
        {
            off += Write(dest[off..], instruction);
        }

        return off;
    }

    /// <summary>
    /// Reads an instruction list that fills exactly <paramref name="src"/> into <paramref name="into"/>.
    /// Instances already in <paramref name="into"/> are reused (their action lists cleared), so decoding
    /// into the same list again allocates nothing once it has grown. Each type may appear at most once.
    /// </summary>
    public static void ReadList(ReadOnlySpan<byte> src, List<OfpInstruction> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        int count = 0;
        uint seen = 0;
        while (!src.IsEmpty)
        {
            if (src.Length < OfpConstants.InstructionHeaderSize)
            {
                OfpProtocolException.ThrowBadInstruction(BadInstructionCode.BadLen, "instruction header truncated");
            }

            var type = (OfpInstructionType)BinaryPrimitives.ReadUInt16BigEndian(src);
            int len = BinaryPrimitives.ReadUInt16BigEndian(src[2..]);
            if (len < 8 || len % 8 != 0 || len > src.Length)
            {
                OfpProtocolException.ThrowBadInstruction(BadInstructionCode.BadLen, $"instruction {type} has length {len}");
            }

            OfpInstruction ins;
            if (count < into.Count)
            {
                ins = into[count];
                ins.Type = type;
                ins.Actions.Clear();
                ins.TableId = 0;
                ins.Metadata = 0;
                ins.MetadataMask = 0;
                ins.MeterId = 0;
                ins.ExperimenterId = 0;
                ins.ExperimenterData = default;
            }
            else
            {
                ins = new OfpInstruction(type);
                into.Add(ins);
            }

            count++;
            var body = src[..len];
            switch (type)
            {
                case OfpInstructionType.GotoTable:
                    Expect(type, len, 8);
                    ins.TableId = body[4];
                    break;
                case OfpInstructionType.WriteMetadata:
                    Expect(type, len, 24);
                    ins.Metadata = BinaryPrimitives.ReadUInt64BigEndian(body[8..]);
                    ins.MetadataMask = BinaryPrimitives.ReadUInt64BigEndian(body[16..]);
                    break;
                case OfpInstructionType.WriteActions:
                case OfpInstructionType.ApplyActions:
                    ActionCodec.ReadList(body[8..], ins.Actions);
                    break;
                case OfpInstructionType.ClearActions:
                    Expect(type, len, 8);
                    break;
                case OfpInstructionType.Meter:
                    Expect(type, len, 8);
                    ins.MeterId = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    break;
                case OfpInstructionType.Experimenter:
                    ins.ExperimenterId = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                    ins.ExperimenterData = body[8..].ToArray();
                    break;
                default:
                    OfpProtocolException.ThrowBadInstruction(BadInstructionCode.UnknownInst, $"unknown instruction type {(ushort)type}");
                    break;
            }

            if (type != OfpInstructionType.Experimenter)
            {
                uint bit = 1u << (int)type;
                if ((seen & bit) != 0)
                {
                    OfpProtocolException.ThrowBadInstruction(BadInstructionCode.UnsupInst, $"instruction {type} appears twice");
                }

                seen |= bit;
            }

            src = src[len..];
        }

        if (into.Count > count)
        {
            into.RemoveRange(count, into.Count - count);
        }
    }

    private static void Expect(OfpInstructionType type, int len, int expected)
    {
        if (len != expected)
        {
            OfpProtocolException.ThrowBadInstruction(BadInstructionCode.BadLen, $"instruction {type} has length {len}, expected {expected}");
        }
    }
}
