using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using SdnCtl.Api.Infrastructure;
using SdnCtl.Control;
using SdnCtl.Control.Network;
using SdnCtl.OpenFlow.Actions;
using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.Api.Flows;

/// <summary>
/// The fast path of <c>POST /api/v1/flows</c>: reads the batch body with one <see cref="Utf8JsonReader"/>
/// pass straight into validated FLOW_MODs, without the DTOs, a JsonDocument per cookie and per match,
/// or a list per flow that binding to <c>FlowBatchRequest</c> costs (about 2.7 KB per flow, the
/// largest part of a 10,000-flow request's time went to it and to the collections it caused).
/// </summary>
/// <remarks>
/// Written by hand because it is the hot path of the API; no library reads JSON into these types
/// without the intermediate objects. It only ever says yes to a body that the serializer and
/// <see cref="FlowSpecParser"/> would accept and turn into the same FLOW_MODs. Anything else (an
/// error of any kind, an unknown or differently cased property, a null, a number given as text,
/// instructions, a repeated field) makes it decline, and the caller takes the ordinary path, which
/// names the bad field exactly as before: errors cost a second parse, correct batches never do.
/// </remarks>
internal static class FlowBatchReader
{
    // Reader options as the API's serializer options read (JsonSerializerDefaults.Web): no comments,
    // no trailing commas, the default depth.
    private static readonly JsonReaderOptions Options = default;

    /// <summary>
    /// The batch's flows, checked and encoded, or false when the body must take the ordinary path
    /// (which then either accepts it the same way or names what is wrong). The caller disposes the batch.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> body, IControlPlane cp, int maxBatch, [NotNullWhen(true)] out FlowBatch? batch)
    {
        // A flow of a typical batch is about 200 bytes of JSON: size the buffers once.
        batch = new FlowBatch(Math.Clamp(body.Length / 160, 1, maxBatch));
        bool ok = false;
        try
        {
            ok = TryReadCore(body, cp, maxBatch, batch);
            return ok;
        }
        catch (JsonException)
        {
            // Malformed JSON: the ordinary path reports it with its path.
            return false;
        }
        catch (InvalidOperationException)
        {
            // A token of another type than asked for (e.g. a string value read as a number).
            return false;
        }
        finally
        {
            if (!ok)
            {
                batch.Dispose();
                batch = null;
            }
        }
    }

    private static bool TryReadCore(ReadOnlySpan<byte> body, IControlPlane cp, int maxBatch, FlowBatch batch)
    {
        var reader = new Utf8JsonReader(body, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject ||
            !reader.Read() || reader.TokenType != JsonTokenType.PropertyName || !reader.ValueTextEquals("flows"u8) ||
            !reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        TopologySnapshot snapshot = cp.Topology;
        var flow = new FlowFields();
        var switches = new Dictionary<string, Target>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject || batch.Count == maxBatch || !flow.TryRead(ref reader))
            {
                return false;
            }

            if (flow.Dpid is null)
            {
                return false;
            }

            if (!switches.TryGetValue(flow.Dpid, out Target? target))
            {
                if (!DatapathIds.TryParse(flow.Dpid, snapshot, out ulong id) || snapshot.FindSwitch(id) is not { } sw || cp.GetSwitch(id) is null)
                {
                    return false;
                }

                target = new Target(id, sw);
                switches[flow.Dpid] = target;
            }

            if (!flow.TryBuild(body, target))
            {
                return false;
            }

            batch.Add(target.Id, flow.Mod);
        }

        // The array closed; the object must close with nothing after it.
        return batch.Count > 0 &&
            reader.Read() && reader.TokenType == JsonTokenType.EndObject &&
            !reader.Read();
    }

    /// <summary>A switch flows are read for, with the actions met so far on it (they may name its ports).</summary>
    private sealed class Target(ulong id, SwitchInfo sw)
    {
        // Most distinct action texts one switch remembers: a batch repeats few (output:N, push_vlan),
        // and a set_field per VLAN is bounded by 4,094; past this, actions are parsed every time.
        private const int MaxActions = 8192;
        private readonly Dictionary<string, OfpAction> _actions = new(StringComparer.Ordinal);

        public ulong Id { get; } = id;

        public SwitchInfo Switch { get; } = sw;

        /// <summary>The action an action text (as read, still escaped or not) means, parsed once per switch.</summary>
        public bool TryAction(ref Utf8JsonReader reader, out OfpAction action)
        {
            const int MaxChars = 128;
            if (!reader.ValueIsEscaped && reader.ValueSpan.Length <= MaxChars)
            {
                Span<char> chars = stackalloc char[MaxChars];
                int n = Encoding.UTF8.GetChars(reader.ValueSpan, chars);
                if (_actions.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..n], out action))
                {
                    return true;
                }

                if (TrySetNumber(chars[..n], out action))
                {
                    return true;
                }
            }

            string text = reader.GetString()!;
            if (!ActionParser.TryParse(text, Switch, out action, out _))
            {
                return false;
            }

            if (_actions.Count < MaxActions)
            {
                _actions[text] = action;
            }

            return true;
        }

        // set_field:NUMBER->FIELD (a VLAN per flow, say) differs from flow to flow, so the cache misses;
        // read it from the characters when it is exactly what ActionParser would turn into
        // OxmValueParser's number path (lower-case verb, no spaces, decimal or 0x hex, a field whose
        // text is read as a plain number). Anything else is parsed from its string as before.
        private static bool TrySetNumber(ReadOnlySpan<char> text, out OfpAction action)
        {
            action = default;
            const string Verb = "set_field:";
            int arrow = text.LastIndexOf("->", StringComparison.Ordinal);
            if (!text.StartsWith(Verb, StringComparison.Ordinal) || arrow < Verb.Length ||
                !TryNumericField(text[(arrow + 2)..], out OxmFieldId field) ||
                !TryInteger(text[Verb.Length..arrow], out ulong value) ||
                !OxmValueParser.TryParse(field, value, out OxmEntry entry, out _))
            {
                return false;
            }

            action = OfpAction.SetField(entry);
            return true;
        }

        private static bool TryNumericField(ReadOnlySpan<char> name, out OxmFieldId field)
        {
            foreach (var (known, id) in NumericFields)
            {
                if (name.SequenceEqual(known))
                {
                    field = id;
                    return true;
                }
            }

            field = default;
            return false;
        }

        // As OxmValueParser.TryInteger reads a string.
        private static bool TryInteger(ReadOnlySpan<char> text, out ulong value) =>
            text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? ulong.TryParse(text[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value) && text.Length > 2
                : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    // Fields whose text OxmValueParser reads as a plain number (its default case, and vlan_vid without
    // a mask), by canonical name; the others (addresses, ports) have their own syntax.
    private static readonly (string Name, OxmFieldId Field)[] NumericFields =
    [
        .. Enum.GetValues<OxmFieldId>()
            .Where(f => f is not (OxmFieldId.InPort or OxmFieldId.InPhyPort or OxmFieldId.EthDst or OxmFieldId.EthSrc or
                OxmFieldId.ArpSha or OxmFieldId.ArpTha or OxmFieldId.Ipv6NdSll or OxmFieldId.Ipv6NdTll or
                OxmFieldId.Ipv4Src or OxmFieldId.Ipv4Dst or OxmFieldId.ArpSpa or OxmFieldId.ArpTpa or
                OxmFieldId.Ipv6Src or OxmFieldId.Ipv6Dst or OxmFieldId.Ipv6NdTarget))
            .Select(f => (OxmText.Name(f), f)),
    ];

    // The dotted quad OxmValueParser accepts, read from UTF-8 without a string: four decimal octets,
    // no leading zeros (IPAddress reads those as octal; such text takes the string path).
    private static bool TryIpv4(ReadOnlySpan<byte> text, out uint address)
    {
        address = 0;
        int octets = 0;
        int i = 0;
        while (octets < 4)
        {
            int start = i;
            uint octet = 0;
            while (i < text.Length && text[i] is >= (byte)'0' and <= (byte)'9' && i - start < 3)
            {
                octet = (octet * 10) + (uint)(text[i] - '0');
                i++;
            }

            int digits = i - start;
            if (digits == 0 || octet > 255 || (digits > 1 && text[start] == '0'))
            {
                return false;
            }

            address = (address << 8) | octet;
            octets++;
            if (octets < 4)
            {
                if (i >= text.Length || text[i] != '.')
                {
                    return false;
                }

                i++;
            }
        }

        return i == text.Length;
    }

    /// <summary>One flow object's fields as read; the lists, the FLOW_MOD and the instruction are reused from flow to flow.</summary>
    private sealed class FlowFields
    {
        private const int MaxNames = 64;
        private readonly List<(OxmFieldId Field, ulong Number, string? Text)> _match = [];
        private readonly List<string> _flags = [];
        private readonly List<(byte[] Utf8, OxmFieldId Field)> _names = [];
        private readonly List<(byte[] Utf8, string Text)> _dpids = [];
        private readonly OfpInstruction _apply = new(OfpInstructionType.ApplyActions);
        private byte[]? _lastCookieUtf8;
        private ulong _lastCookie;
        private bool _hasMatch;
        private bool _hasActions;
        private bool _hasFlags;
        private bool _hasCookie;
        private int? _table;
        private int? _priority;
        private int? _idleTimeout;
        private int? _hardTimeout;
        private ulong _cookie;
        private int _actionsAt;

        public string? Dpid { get; private set; }

        /// <summary>The last flow built; overwritten by the next <see cref="TryBuild"/>.</summary>
        public FlowMod Mod { get; } = new();

        public bool TryRead(ref Utf8JsonReader reader)
        {
            Clear();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool ok;
                if (reader.ValueTextEquals("dpid"u8))
                {
                    ok = Dpid is null && reader.Read() && reader.TokenType == JsonTokenType.String;
                    Dpid = ok ? DpidText(ref reader) : null;
                }
                else if (reader.ValueTextEquals("priority"u8))
                {
                    ok = TryInt(ref reader, ref _priority);
                }
                else if (reader.ValueTextEquals("table"u8))
                {
                    ok = TryInt(ref reader, ref _table);
                }
                else if (reader.ValueTextEquals("idleTimeout"u8))
                {
                    ok = TryInt(ref reader, ref _idleTimeout);
                }
                else if (reader.ValueTextEquals("hardTimeout"u8))
                {
                    ok = TryInt(ref reader, ref _hardTimeout);
                }
                else if (reader.ValueTextEquals("cookie"u8))
                {
                    ok = !_hasCookie && reader.Read() && TryCookie(ref reader);
                    _hasCookie = true;
                }
                else if (reader.ValueTextEquals("match"u8))
                {
                    ok = !_hasMatch && reader.Read() && TryMatch(ref reader);
                    _hasMatch = true;
                }
                else if (reader.ValueTextEquals("actions"u8))
                {
                    // Only checked here: the actions are parsed once the flow's switch is known (the
                    // dpid may come after them), from where they start in the body.
                    ok = !_hasActions && reader.Read() && TrySkipStrings(ref reader, out _actionsAt);
                    _hasActions = true;
                }
                else if (reader.ValueTextEquals("flags"u8))
                {
                    ok = !_hasFlags && reader.Read() && TryStrings(ref reader, _flags);
                    _hasFlags = true;
                }
                else
                {
                    // instructions, another casing, an unknown member: the ordinary path.
                    ok = false;
                }

                if (!ok)
                {
                    return false;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }

        /// <summary>Builds the flow into <see cref="Mod"/>, or false for any problem (the ordinary path names it).</summary>
        public bool TryBuild(ReadOnlySpan<byte> body, Target target)
        {
            FlowMod mod = Mod;
            mod.Match.Clear();
            mod.Instructions.Clear();
            if (!FlowSpecParser.TryFixed(_table, _priority, _idleTimeout, _hardTimeout, _cookie, null, _hasFlags ? _flags : null, string.Empty, mod, out _))
            {
                return false;
            }

            foreach (var (field, number, text) in _match)
            {
                bool ok = text is null
                    ? OxmValueParser.TryParse(field, number, out OxmEntry entry, out _)
                    : OxmValueParser.TryParse(field, text, target.Switch, allowMask: true, out entry, out _);
                if (!ok)
                {
                    return false;
                }

                mod.Match.Add(entry);
            }

            if (!MatchPrerequisites.TryCheck(CollectionsMarshal.AsSpan(mod.Match), out _, out _))
            {
                return false;
            }

            if (_hasActions)
            {
                _apply.Actions.Clear();
                var reader = new Utf8JsonReader(body[_actionsAt..], Options);
                reader.Read(); // the array's start, checked when it was skipped
                while (reader.Read() && reader.TokenType == JsonTokenType.String)
                {
                    if (!target.TryAction(ref reader, out OfpAction action))
                    {
                        return false;
                    }

                    _apply.Actions.Add(action);
                }

                mod.Instructions.Add(_apply);
            }

            return true;
        }

        private void Clear()
        {
            _match.Clear();
            _flags.Clear();
            _actionsAt = -1;
            _hasMatch = _hasActions = _hasFlags = _hasCookie = false;
            _table = _priority = _idleTimeout = _hardTimeout = null;
            _cookie = 0;
            Dpid = null;
        }

        private static bool TryInt(ref Utf8JsonReader reader, ref int? into)
        {
            if (into is not null || !reader.Read() || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int value))
            {
                return false;
            }

            into = value;
            return true;
        }

        private bool TryCookie(ref Utf8JsonReader reader)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.Number:
                    return reader.TryGetUInt64(out _cookie);
                case JsonTokenType.String:
                    // A batch's flows mostly share one cookie: its text is parsed once.
                    if (_lastCookieUtf8 is not null && reader.ValueTextEquals(_lastCookieUtf8))
                    {
                        _cookie = _lastCookie;
                        return true;
                    }

                    string text = reader.GetString()!;
                    if (!OxmValueParser.TryInteger(text.Trim(), out _cookie))
                    {
                        return false;
                    }

                    _lastCookieUtf8 = Encoding.UTF8.GetBytes(text);
                    _lastCookie = _cookie;
                    return true;
                default:
                    return false;
            }
        }

        private bool TryMatch(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // A repeated field (or two names of one field) is left to the ordinary path.
                if (!TryFieldName(ref reader, out OxmFieldId field) || HasField(field) || !reader.Read())
                {
                    return false;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.Number when reader.TryGetUInt64(out ulong number):
                        _match.Add((field, number, null));
                        break;
                    case JsonTokenType.String when field is OxmFieldId.Ipv4Src or OxmFieldId.Ipv4Dst or OxmFieldId.ArpSpa or OxmFieldId.ArpTpa &&
                        !reader.ValueIsEscaped && TryIpv4(reader.ValueSpan, out uint address):
                        // A plain address (no mask) is the number OxmValueParser would make of it.
                        _match.Add((field, address, null));
                        break;
                    case JsonTokenType.String:
                        _match.Add((field, 0, reader.GetString()));
                        break;
                    default:
                        return false;
                }
            }

            return reader.TokenType == JsonTokenType.EndObject;
        }

        // The match names met so far, as UTF-8: a batch repeats the same few names in every flow, and
        // comparing bytes spares a string per field per flow.
        private bool TryFieldName(ref Utf8JsonReader reader, out OxmFieldId field)
        {
            foreach (var (utf8, known) in _names)
            {
                if (reader.ValueTextEquals(utf8))
                {
                    field = known;
                    return true;
                }
            }

            string name = reader.GetString()!;
            if (!OxmText.TryParseName(name, out field))
            {
                return false;
            }

            if (_names.Count < MaxNames)
            {
                _names.Add((Encoding.UTF8.GetBytes(name), field));
            }

            return true;
        }

        private bool HasField(OxmFieldId field)
        {
            foreach (var entry in _match)
            {
                if (entry.Field == field)
                {
                    return true;
                }
            }

            return false;
        }

        // The dpid texts met so far, as UTF-8: a batch names the same few switches in every flow.
        private string DpidText(ref Utf8JsonReader reader)
        {
            foreach (var (utf8, text) in _dpids)
            {
                if (reader.ValueTextEquals(utf8))
                {
                    return text;
                }
            }

            string read = reader.GetString()!;
            if (_dpids.Count < MaxNames)
            {
                _dpids.Add((Encoding.UTF8.GetBytes(read), read));
            }

            return read;
        }

        private static bool TrySkipStrings(ref Utf8JsonReader reader, out int start)
        {
            start = checked((int)reader.TokenStartIndex);
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.String)
            {
            }

            return reader.TokenType == JsonTokenType.EndArray;
        }

        private static bool TryStrings(ref Utf8JsonReader reader, List<string> into)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.String)
            {
                into.Add(reader.GetString()!);
            }

            return reader.TokenType == JsonTokenType.EndArray;
        }
    }
}
