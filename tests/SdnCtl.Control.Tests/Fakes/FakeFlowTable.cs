using SdnCtl.Control.Packets;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Tests.Fakes;

/// <summary>One rule in a <see cref="FakeFlowTable"/>.</summary>
internal sealed record FakeFlow(ushort Priority, ulong Cookie, IReadOnlyList<OxmEntry> Match, IReadOnlyList<OfpAction> Actions)
{
    public IEnumerable<uint> OutputPorts => Actions.Where(a => a.Type == OfpActionType.Output).Select(a => a.Port);

    public ulong? EthDst => Match.Where(m => m.Field == OxmFieldId.EthDst).Select(m => (ulong?)(ulong)m.Value).FirstOrDefault();
}

/// <summary>
/// A single OpenFlow table, just enough of one to be the test oracle (Faucet's fakeoftable idea):
/// ADD (replacing same match and priority), DELETE and DELETE_STRICT with cookie masks, and
/// priority lookup over in_port, eth_dst, eth_src and eth_type with apply-actions outputs.
/// </summary>
internal sealed class FakeFlowTable
{
    private readonly List<FakeFlow> _flows = [];

    public IReadOnlyList<FakeFlow> Flows => _flows;

    public void Apply(FlowMod mod)
    {
        switch (mod.Command)
        {
            case FlowModCommand.Add:
                _flows.RemoveAll(f => f.Priority == mod.Priority && SameMatch(f.Match, mod.Match));
                _flows.Add(new FakeFlow(
                    mod.Priority,
                    mod.Cookie,
                    [.. mod.Match],
                    [.. mod.Instructions.Where(i => i.Type == OfpInstructionType.ApplyActions).SelectMany(i => i.Actions)]));
                break;
            case FlowModCommand.Delete:
                _flows.RemoveAll(f => CookieMatches(f, mod) && mod.Match.All(f.Match.Contains) && OutPortMatches(f, mod));
                break;
            case FlowModCommand.DeleteStrict:
                _flows.RemoveAll(f => CookieMatches(f, mod) && f.Priority == mod.Priority && SameMatch(f.Match, mod.Match));
                break;
            default:
                throw new NotSupportedException($"the fake table does not do {mod.Command}");
        }
    }

    public FakeFlow? Lookup(uint inPort, ReadOnlySpan<byte> frame)
    {
        if (!EthernetHeader.TryRead(frame, out EthernetHeader eth))
        {
            return null;
        }

        FakeFlow? best = null;
        foreach (FakeFlow f in _flows)
        {
            if ((best is null || f.Priority > best.Priority) && f.Match.All(m => Matches(m, inPort, eth)))
            {
                best = f;
            }
        }

        return best;
    }

    public IEnumerable<FakeFlow> WithCookieApp(ulong applicationBits, ulong mask) =>
        _flows.Where(f => (f.Cookie & mask) == applicationBits);

    private static bool Matches(OxmEntry m, uint inPort, EthernetHeader eth)
    {
        UInt128 value = m.Field switch
        {
            OxmFieldId.InPort => inPort,
            OxmFieldId.EthDst => eth.Destination,
            OxmFieldId.EthSrc => eth.Source,
            OxmFieldId.EthType => eth.EtherType,
            _ => throw new NotSupportedException($"the fake table does not match {m.Field}"),
        };
        return (value & m.EffectiveMask) == (m.Value & m.EffectiveMask);
    }

    private static bool CookieMatches(FakeFlow f, FlowMod mod) => (f.Cookie & mod.CookieMask) == (mod.Cookie & mod.CookieMask);

    private static bool OutPortMatches(FakeFlow f, FlowMod mod) => mod.OutPort == OfpPortNo.Any || f.OutputPorts.Contains(mod.OutPort);

    private static bool SameMatch(IReadOnlyList<OxmEntry> a, IReadOnlyList<OxmEntry> b) =>
        a.Count == b.Count && a.All(b.Contains);
}
