using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.Api.Flows;

/// <summary>A validated flow of a request: its index in the request, its switch and its FLOW_MOD.</summary>
internal sealed record PlannedFlow(int Index, ulong DatapathId, FlowMod Mod);
