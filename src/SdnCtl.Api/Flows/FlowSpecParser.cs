using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using SdnCtl.Api.Dtos;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control.Network;
using SdnCtl.OpenFlow;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Api.Flows;

/// <summary>
/// Turns a <see cref="FlowSpecDto"/> into an OFPFC_ADD FLOW_MOD, or names the first bad field by its
/// path. Everything a switch would refuse for the flow's own sake (ranges, masks, prerequisites,
/// instruction order) is caught here, before anything is sent.
/// </summary>
internal static class FlowSpecParser
{
    public static bool TryParse(FlowSpecDto spec, string at, SwitchInfo? sw, out FlowMod mod, out FieldError? error)
    {
        ulong cookie = 0;
        string? cookieProblem = spec.Cookie is { } c && !TryCookie(c, out cookie, out string problem) ? problem : null;
        return TryFixed(spec.Table, spec.Priority, spec.IdleTimeout, spec.HardTimeout, cookie, cookieProblem, spec.Flags, at, out mod, out error) &&
            TryMatch(spec.Match, at, "match", sw, mod.Match, out error) &&
            TryInstructions(spec, at, sw, mod, out error);
    }

    /// <summary>
    /// The flow's fixed fields (table, priority, timeouts, cookie, flags) as an OFPFC_ADD without match
    /// or instructions; shared by <see cref="TryParse"/> and the batch body's streaming reader.
    /// </summary>
    internal static bool TryFixed(
        int? table, int? priority, int? idleTimeout, int? hardTimeout, ulong cookie, string? cookieProblem, IReadOnlyList<string>? flagNames, string at,
        out FlowMod mod, out FieldError? error)
    {
        mod = new FlowMod { Command = FlowModCommand.Add };
        return TryFixed(table, priority, idleTimeout, hardTimeout, cookie, cookieProblem, flagNames, at, mod, out error);
    }

    /// <summary>As the other overload, into <paramref name="mod"/> (an OFPFC_ADD whose other fields keep their defaults), so a reader can reuse one.</summary>
    internal static bool TryFixed(
        int? table, int? priority, int? idleTimeout, int? hardTimeout, ulong cookie, string? cookieProblem, IReadOnlyList<string>? flagNames, string at,
        FlowMod mod, out FieldError? error)
    {
        error = null;
        if (!InRange(table, 0, OfpConstants.TableMax, at, "table", out error) ||
            !InRange(priority, 0, ushort.MaxValue, at, "priority", out error) ||
            !InRange(idleTimeout, 0, ushort.MaxValue, at, "idleTimeout", out error) ||
            !InRange(hardTimeout, 0, ushort.MaxValue, at, "hardTimeout", out error))
        {
            return false;
        }

        mod.TableId = (byte)(table ?? 0);
        mod.Priority = (ushort)(priority ?? OfpConstants.DefaultPriority);
        mod.IdleTimeout = (ushort)(idleTimeout ?? 0);
        mod.HardTimeout = (ushort)(hardTimeout ?? 0);
        if (cookieProblem is not null)
        {
            error = new FieldError(at + "cookie", cookieProblem);
            return false;
        }

        if (!StaticFlowCookies.TryMark(cookie, out ulong marked))
        {
            error = new FieldError(at + "cookie", $"cookie 0x{cookie:x} uses the top 16 bits, which are reserved: static flows carry 0x5dc4 there; give at most 48 bits");
            return false;
        }

        mod.Cookie = marked;
        if (!TryFlags(flagNames, at, out FlowModFlags flags, out error))
        {
            return false;
        }

        mod.Flags = flags;

        // A flow that can expire tells the controller when it does, so that the expiry reaches the
        // event stream and the stored desired state.
        if (mod.IdleTimeout > 0 || mod.HardTimeout > 0)
        {
            mod.Flags |= FlowModFlags.SendFlowRem;
        }

        return true;
    }

    /// <summary>A match alone (for deletes and filters), checked like a flow's.</summary>
    public static bool TryMatch(IReadOnlyDictionary<string, JsonElement>? match, string at, SwitchInfo? sw, List<OxmEntry> into, out FieldError? error) =>
        TryMatch(match, at, string.Empty, sw, into, out error);

    // The match's path is `prefix + name`, put together only for an error (see InRange).
    private static bool TryMatch(IReadOnlyDictionary<string, JsonElement>? match, string prefix, string name, SwitchInfo? sw, List<OxmEntry> into, out FieldError? error)
    {
        error = null;
        if (match is null)
        {
            return true;
        }

        foreach (var (key, value) in match)
        {
            if (!OxmText.TryParseName(key, out OxmFieldId field))
            {
                error = new FieldError($"{prefix}{name}.{key}", $"'{key}' is not a match field; use the names GET returns (in_port, eth_dst, eth_type, vlan_vid, ipv4_src, tcp_dst, …)");
                return false;
            }

            if (!OxmValueParser.TryParse(field, value, sw, out OxmEntry entry, out string problem))
            {
                error = new FieldError($"{prefix}{name}.{key}", problem);
                return false;
            }

            into.Add(entry);
        }

        if (!MatchPrerequisites.TryCheck(CollectionsMarshal.AsSpan(into), out OxmFieldId failed, out string? requirement))
        {
            error = new FieldError($"{prefix}{name}.{OxmText.Name(failed)}", $"{OxmText.Name(failed)} can only be matched together with {requirement}");
            return false;
        }

        return true;
    }

    public static bool TryCookie(JsonElement json, out ulong cookie, out string problem)
    {
        problem = string.Empty;
        if (json.ValueKind == JsonValueKind.Number && json.TryGetUInt64(out cookie))
        {
            return true;
        }

        if (json.ValueKind == JsonValueKind.String && OxmValueParser.TryInteger(json.GetString()!.Trim(), out cookie))
        {
            return true;
        }

        cookie = 0;
        problem = $"cookie must be a 64-bit number or \"0x…\" hex text, not {json.GetRawText()}";
        return false;
    }

    private static bool TryFlags(IReadOnlyList<string>? names, string at, out FlowModFlags flags, out FieldError? error)
    {
        flags = FlowModFlags.None;
        error = null;
        if (names is null)
        {
            return true;
        }

        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            if (name is null || !Enum.TryParse(name.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true, out FlowModFlags flag) ||
                flag == FlowModFlags.None || char.IsAsciiDigit(name.Trim().FirstOrDefault()) || !Enum.IsDefined(flag))
            {
                error = new FieldError($"{at}flags[{i}]", $"'{name}' is not a flow flag; known: {string.Join(", ", Enum.GetNames<FlowModFlags>().Skip(1))}");
                return false;
            }

            flags |= flag;
        }

        return true;
    }

    private static bool TryInstructions(FlowSpecDto spec, string at, SwitchInfo? sw, FlowMod mod, out FieldError? error)
    {
        error = null;
        if (spec.Actions is not null && spec.Instructions is not null)
        {
            error = new FieldError(at + "actions", "give either actions (the apply_actions shorthand) or instructions, not both");
            return false;
        }

        if (spec.Actions is not null)
        {
            var apply = new OfpInstruction(OfpInstructionType.ApplyActions);
            if (!TryActions(spec.Actions, at, "actions", sw, apply.Actions, out error))
            {
                return false;
            }

            mod.Instructions.Add(apply);
            return true;
        }

        if (spec.Instructions is null)
        {
            return true;
        }

        var seen = new HashSet<OfpInstructionType>();
        for (int i = 0; i < spec.Instructions.Count; i++)
        {
            string here = $"{at}instructions[{i}]";
            InstructionDto dto = spec.Instructions[i];
            if (dto is null || !TryInstruction(dto, here, mod.TableId, sw, out OfpInstruction? instruction, out error))
            {
                error ??= new FieldError(here, "an instruction object is required");
                return false;
            }

            if (!seen.Add(instruction!.Type))
            {
                error = new FieldError(here + ".type", $"a flow has at most one {dto.Type} instruction");
                return false;
            }

            mod.Instructions.Add(instruction);
        }

        // The switch executes instructions in the spec's fixed order, whatever the list says; sorting
        // keeps what GET returns equal to what was posted.
        mod.Instructions.Sort(static (a, b) => Order(a.Type).CompareTo(Order(b.Type)));
        return true;
    }

    private static int Order(OfpInstructionType type) => type switch
    {
        OfpInstructionType.Meter => 0,
        OfpInstructionType.ApplyActions => 1,
        OfpInstructionType.ClearActions => 2,
        OfpInstructionType.WriteActions => 3,
        OfpInstructionType.WriteMetadata => 4,
        _ => 5,
    };

    private static bool TryInstruction(InstructionDto dto, string at, byte table, SwitchInfo? sw, out OfpInstruction? instruction, out FieldError? error)
    {
        instruction = null;
        error = null;
        string type = dto.Type?.Trim().ToLowerInvariant() ?? string.Empty;
        string[] allowed = type switch
        {
            "apply_actions" or "write_actions" => ["actions"],
            "goto_table" => ["table"],
            "write_metadata" => ["metadata"],
            "meter" => ["meter"],
            "clear_actions" => [],
            _ => null!,
        };
        if (allowed is null)
        {
            error = new FieldError(at + ".type", $"'{dto.Type}' is not an instruction; known: apply_actions, write_actions, clear_actions, goto_table, write_metadata, meter");
            return false;
        }

        foreach (var (name, present) in new[] { ("actions", dto.Actions is not null), ("table", dto.Table is not null), ("metadata", dto.Metadata is not null), ("meter", dto.Meter is not null) })
        {
            if (present != allowed.Contains(name))
            {
                error = new FieldError($"{at}.{name}", present ? $"{type} takes no {name}" : $"{type} needs {name}");
                return false;
            }
        }

        switch (type)
        {
            case "apply_actions" or "write_actions":
                instruction = new OfpInstruction(type == "apply_actions" ? OfpInstructionType.ApplyActions : OfpInstructionType.WriteActions);
                return TryActions(dto.Actions!, at, ".actions", sw, instruction.Actions, out error);
            case "clear_actions":
                instruction = OfpInstruction.ClearActions();
                return true;
            case "goto_table":
                if (dto.Table is not int target || target <= table || target > OfpConstants.TableMax)
                {
                    error = new FieldError(at + ".table", string.Create(CultureInfo.InvariantCulture, $"goto_table {dto.Table} must name a later table than the flow's ({table}), at most 254"));
                    return false;
                }

                instruction = OfpInstruction.GotoTable((byte)target);
                return true;
            case "write_metadata":
                string text = dto.Metadata!.Trim();
                int slash = text.IndexOf('/', StringComparison.Ordinal);
                ulong mask = ulong.MaxValue;
                if (!OxmValueParser.TryInteger(slash < 0 ? text : text[..slash], out ulong metadata) ||
                    (slash >= 0 && !OxmValueParser.TryInteger(text[(slash + 1)..], out mask)))
                {
                    error = new FieldError(at + ".metadata", $"metadata must read 0xVALUE or 0xVALUE/0xMASK, not '{dto.Metadata}'");
                    return false;
                }

                instruction = OfpInstruction.WriteMetadata(metadata, mask);
                return true;
            default:
                if (dto.Meter is not long meter || meter is < 1 or > 0xffff0000)
                {
                    error = new FieldError(at + ".meter", string.Create(CultureInfo.InvariantCulture, $"meter {dto.Meter} must be a meter id 1–4294901760"));
                    return false;
                }

                instruction = OfpInstruction.Meter((uint)meter);
                return true;
        }
    }

    private static bool TryActions(IReadOnlyList<string> texts, string prefix, string name, SwitchInfo? sw, List<OfpAction> into, out FieldError? error)
    {
        error = null;
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i] is null)
            {
                error = new FieldError($"{prefix}{name}[{i}]", "an action text is required");
                return false;
            }

            if (!ActionParser.TryParse(texts[i], sw, out OfpAction action, out string problem))
            {
                error = new FieldError($"{prefix}{name}[{i}]", problem);
                return false;
            }

            into.Add(action);
        }

        return true;
    }

    // The field's path is put together only for an error: a batch of 10,000 flows would otherwise
    // build tens of thousands of strings nobody reads.
    private static bool InRange(int? value, int min, int max, string at, string name, out FieldError? error)
    {
        error = value is int v && (v < min || v > max)
            ? new FieldError(at + name, string.Create(CultureInfo.InvariantCulture, $"{v} is outside {min}–{max}"))
            : null;
        return error is null;
    }
}
