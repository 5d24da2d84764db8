using System.Text;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Control.Tenants;

/// <summary>
/// One compiled rule on one switch. <see cref="Key"/> is what OpenFlow identifies a rule by (table,
/// priority, match), so that an ADD with the same key replaces it and a strict DELETE removes it;
/// <see cref="Signature"/> adds the cookie and instructions, so a rule is re-sent only when it changed.
/// </summary>
internal sealed class TenantRule
{
    public TenantRule(byte table, ushort priority, ulong cookie, List<OxmEntry> match, List<OfpInstruction> instructions)
    {
        Table = table;
        Priority = priority;
        Cookie = cookie;
        Match = match;
        Instructions = instructions;
        var sb = new StringBuilder();
        sb.Append(table).Append('|').Append(priority);
        foreach (OxmEntry m in match)
        {
            sb.Append('|').Append(m);
        }

        Key = sb.ToString();
        sb.Append("=>").Append(cookie);
        foreach (OfpInstruction i in instructions)
        {
            sb.Append('|').Append(i);
        }

        Signature = sb.ToString();
    }

    public byte Table { get; }

    public ushort Priority { get; }

    public ulong Cookie { get; }

    public List<OxmEntry> Match { get; }

    public List<OfpInstruction> Instructions { get; }

    public string Key { get; }

    public string Signature { get; }

    public FlowMod ToAdd() => new()
    {
        Command = FlowModCommand.Add,
        TableId = Table,
        Priority = Priority,
        Cookie = Cookie,
        Match = [.. Match],
        Instructions = [.. Instructions],
    };

    public FlowMod ToDelete() => new()
    {
        Command = FlowModCommand.DeleteStrict,
        TableId = Table,
        Priority = Priority,
        Cookie = Cookie,
        CookieMask = ulong.MaxValue,
        Match = [.. Match],
    };

    public override string ToString() => Signature;
}
