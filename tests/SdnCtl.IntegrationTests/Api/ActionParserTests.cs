using SdnCtl.Api.Flows;
using SdnCtl.OpenFlow.Actions;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>The action text reader: verbs in any ASCII case, ethertype lists, unknown verbs named.</summary>
public sealed class ActionParserTests
{
    [Theory]
    [InlineData("output:2", OfpActionType.Output)]
    [InlineData("OUTPUT:2", OfpActionType.Output)]
    [InlineData(" Push_Vlan:0x88a8 ", OfpActionType.PushVlan)]
    [InlineData("push_vlan", OfpActionType.PushVlan)]
    [InlineData("Set_Field:7->vlan_vid", OfpActionType.SetField)]
    [InlineData("DEC_TTL", OfpActionType.DecNwTtl)]
    public void TryParse_KnownVerbInAnyCase_Parses(string text, OfpActionType type)
    {
        Assert.True(ActionParser.TryParse(text, null, out OfpAction action, out string problem), problem);
        Assert.Equal(type, action.Type);
    }

    [Theory]
    [InlineData("push_vlan:0x0800", "0x8100 or 0x88a8")]
    [InlineData("outputs:2", "unknown action 'outputs:2'")]
    [InlineData("dec_ttl:3", "takes no argument")]
    public void TryParse_BadText_SaysWhy(string text, string expected)
    {
        Assert.False(ActionParser.TryParse(text, null, out _, out string problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }
}
