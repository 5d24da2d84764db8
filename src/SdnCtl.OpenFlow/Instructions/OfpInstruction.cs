using System.Text;
using SdnCtl.OpenFlow.Actions;

namespace SdnCtl.OpenFlow.Instructions;

/// <summary>
/// One OpenFlow 1.3 instruction. A class with a reusable action list so that a decoder can fill
/// an existing instance without allocating (see <see cref="InstructionCodec.ReadList"/>).
/// </summary>
public sealed class OfpInstruction : IEquatable<OfpInstruction>
{
    /// <summary>Creates an instruction of <paramref name="type"/>.</summary>
    public OfpInstruction(OfpInstructionType type) => Type = type;

    /// <summary>Instruction type.</summary>
    public OfpInstructionType Type { get; set; }

    /// <summary>goto_table target.</summary>
    public byte TableId { get; set; }

    /// <summary>write_metadata value.</summary>
    public ulong Metadata { get; set; }

    /// <summary>write_metadata mask.</summary>
    public ulong MetadataMask { get; set; }

    /// <summary>meter id.</summary>
    public uint MeterId { get; set; }

    /// <summary>Experimenter id (experimenter instruction only).</summary>
    public uint ExperimenterId { get; set; }

    /// <summary>Experimenter body (experimenter instruction only).</summary>
    public ReadOnlyMemory<byte> ExperimenterData { get; set; }

    /// <summary>Actions of write_actions / apply_actions.</summary>
    public List<OfpAction> Actions { get; } = [];

    /// <summary>goto_table.</summary>
    public static OfpInstruction GotoTable(byte tableId) => new(OfpInstructionType.GotoTable) { TableId = tableId };

    /// <summary>write_metadata.</summary>
    public static OfpInstruction WriteMetadata(ulong metadata, ulong mask = ulong.MaxValue) =>
        new(OfpInstructionType.WriteMetadata) { Metadata = metadata, MetadataMask = mask };

    /// <summary>apply_actions.</summary>
    public static OfpInstruction ApplyActions(params ReadOnlySpan<OfpAction> actions)
    {
        var i = new OfpInstruction(OfpInstructionType.ApplyActions);
        i.Actions.AddRange(actions);
        return i;
    }

    /// <summary>write_actions.</summary>
    public static OfpInstruction WriteActions(params ReadOnlySpan<OfpAction> actions)
    {
        var i = new OfpInstruction(OfpInstructionType.WriteActions);
        i.Actions.AddRange(actions);
        return i;
    }

    /// <summary>clear_actions.</summary>
    public static OfpInstruction ClearActions() => new(OfpInstructionType.ClearActions);

    /// <summary>meter.</summary>
    public static OfpInstruction Meter(uint meterId) => new(OfpInstructionType.Meter) { MeterId = meterId };

    /// <summary>Bytes on the wire.</summary>
    public int WireLength => InstructionCodec.Length(this);

    /// <inheritdoc/>
    public bool Equals(OfpInstruction? other) =>
        other is not null && Type == other.Type && TableId == other.TableId && Metadata == other.Metadata &&
        MetadataMask == other.MetadataMask && MeterId == other.MeterId && ExperimenterId == other.ExperimenterId &&
        ExperimenterData.Span.SequenceEqual(other.ExperimenterData.Span) &&
        System.Linq.Enumerable.SequenceEqual(Actions, other.Actions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as OfpInstruction);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Type, TableId, Metadata, MeterId, Actions.Count);

    /// <inheritdoc/>
    public override string ToString()
    {
        var sb = new StringBuilder();
        switch (Type)
        {
            case OfpInstructionType.GotoTable: sb.Append("goto_table:").Append(TableId); break;
            case OfpInstructionType.WriteMetadata: sb.Append($"write_metadata:0x{Metadata:x}/0x{MetadataMask:x}"); break;
            case OfpInstructionType.Meter: sb.Append("meter:").Append(MeterId); break;
            case OfpInstructionType.ClearActions: sb.Append("clear_actions"); break;
            case OfpInstructionType.ApplyActions:
            case OfpInstructionType.WriteActions:
                sb.Append(Type == OfpInstructionType.ApplyActions ? "apply_actions(" : "write_actions(");
                sb.AppendJoin(',', Actions);
                sb.Append(')');
                break;
            default: sb.Append("experimenter:").Append(ExperimenterId); break;
        }

        return sb.ToString();
    }
}
