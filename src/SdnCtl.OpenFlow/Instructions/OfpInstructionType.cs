namespace SdnCtl.OpenFlow.Instructions;

/// <summary>Instruction types (spec 7.2.4, <c>enum ofp_instruction_type</c>).</summary>
public enum OfpInstructionType : ushort
{
    GotoTable = 1,
    WriteMetadata = 2,
    WriteActions = 3,
    ApplyActions = 4,
    ClearActions = 5,
    Meter = 6,
    Experimenter = 0xffff,
}
