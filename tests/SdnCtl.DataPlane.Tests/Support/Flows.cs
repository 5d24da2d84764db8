using SdnCtl.DataPlane.Pipeline;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.DataPlane.Tests.Support;

/// <summary>Terse FLOW_MOD / GROUP_MOD construction for tests.</summary>
internal static class Flows
{
    public static FlowMod Add(ushort priority, OxmEntry[] match, params OfpInstruction[] instructions) =>
        new() { Command = FlowModCommand.Add, Priority = priority, Match = [.. match], Instructions = [.. instructions] };

    public static FlowMod Add(byte table, ushort priority, OxmEntry[] match, params OfpInstruction[] instructions)
    {
        var m = Add(priority, match, instructions);
        m.TableId = table;
        return m;
    }

    public static FlowMod Delete(OxmEntry[] match, bool strict = false, ushort priority = 0, byte table = OfpConstants.TableAll) =>
        new() { Command = strict ? FlowModCommand.DeleteStrict : FlowModCommand.Delete, TableId = table, Priority = priority, Match = [.. match] };

    public static OfpInstruction Out(params uint[] ports) => OfpInstruction.ApplyActions([.. ports.Select(p => OfpAction.Output(p))]);

    public static OfpInstruction Apply(params OfpAction[] actions) => OfpInstruction.ApplyActions(actions);

    public static OfpInstruction Write(params OfpAction[] actions) => OfpInstruction.WriteActions(actions);

    public static OxmEntry[] Match(params OxmEntry[] entries) => entries;

    public static OxmEntry[] Any => [];

    public static GroupMod Group(uint id, GroupType type, params OfpBucket[] buckets) =>
        new() { Command = GroupModCommand.Add, GroupId = id, GroupType = type, Buckets = [.. buckets] };

    public static SwitchPipeline PipelineWithPorts(TimeProvider? clock = null, int ports = 4, int tables = 8)
    {
        var p = new SwitchPipeline(new PipelineOptions { TableCount = tables }, clock);
        for (uint i = 1; i <= ports; i++)
        {
            p.AddPort(new SwitchPort(i, $"p{i}", 0x020000000000UL | i));
        }

        return p;
    }

    public static void Ok(OfpError? error) => Assert.True(error is null, error?.ToString());
}
