using System.Buffers.Binary;
using SdnCtl.OpenFlow.Errors;
using SdnCtl.OpenFlow.Oxm;

namespace SdnCtl.OpenFlow.Actions;

/// <summary>Encodes and decodes action lists (spec 7.2.5).</summary>
public static class ActionCodec
{
    /// <summary>Wire length of one action.</summary>
    public static int Length(in OfpAction action) => action.Type switch
    {
        OfpActionType.Output => OfpConstants.ActionOutputSize,
        OfpActionType.SetField => OxmCodec.Pad8(4 + action.Field.WireLength),
        OfpActionType.Experimenter => OxmCodec.Pad8(8 + action.ExperimenterData.Length),
        _ => OfpConstants.ActionHeaderSize,
    };

    /// <summary>Wire length of a list of actions.</summary>
    public static int Length(ReadOnlySpan<OfpAction> actions)
    {
        int n = 0;
        foreach (ref readonly var a in actions)
        {
            n += Length(a);
        }

        return n;
    }

    /*
     * struct ofp_action_header        { uint16_t type; uint16_t len; uint8_t pad[4]; }            8
     * struct ofp_action_output        { type; len; uint32_t port; uint16_t max_len; pad[6]; }    16
     * struct ofp_action_group         { type; len; uint32_t group_id; }                           8
     * struct ofp_action_set_queue     { type; len; uint32_t queue_id; }                           8
     * struct ofp_action_mpls_ttl      { type; len; uint8_t mpls_ttl; pad[3]; }                    8
     * struct ofp_action_nw_ttl        { type; len; uint8_t nw_ttl; pad[3]; }                      8
     * struct ofp_action_push          { type; len; uint16_t ethertype; pad[2]; }                  8
     * struct ofp_action_pop_mpls      { type; len; uint16_t ethertype; pad[2]; }                  8
     * struct ofp_action_set_field     { type; len; uint8_t field[4+]; } padded to 8
     * struct ofp_action_experimenter_header { type; len; uint32_t experimenter; } + body, padded to 8
     */

    /// <summary>Writes one action; returns its length.</summary>
    public static int Write(Span<byte> dest, in OfpAction action)
    {
        int len = Length(action);
        dest[..len].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(dest, (ushort)action.Type);
        BinaryPrimitives.WriteUInt16BigEndian(dest[2..], (ushort)len);
        switch (action.Type)
        {
            case OfpActionType.Output:
                BinaryPrimitives.WriteUInt32BigEndian(dest[4..], action.Argument);
                BinaryPrimitives.WriteUInt16BigEndian(dest[8..], action.MaxLen);
                break;
            case OfpActionType.Group:
            case OfpActionType.SetQueue:
                BinaryPrimitives.WriteUInt32BigEndian(dest[4..], action.Argument);
                break;
            case OfpActionType.SetMplsTtl:
            case OfpActionType.SetNwTtl:
                dest[4] = (byte)action.Argument;
                break;
            case OfpActionType.PushVlan:
            case OfpActionType.PushMpls:
            case OfpActionType.PushPbb:
            case OfpActionType.PopMpls:
                BinaryPrimitives.WriteUInt16BigEndian(dest[4..], (ushort)action.Argument);
                break;
            case OfpActionType.SetField:
                OxmCodec.Write(dest[4..], action.Field);
                break;
            case OfpActionType.Experimenter:
                BinaryPrimitives.WriteUInt32BigEndian(dest[4..], action.ExperimenterId);
                action.ExperimenterData.Span.CopyTo(dest[8..]);
                break;
            default:
                break;
        }

        return len;
    }

    /// <summary>Writes a list of actions; returns bytes written.</summary>
    public static int Write(Span<byte> dest, ReadOnlySpan<OfpAction> actions)
    {
        int off = 0;
        foreach (ref readonly var a in actions)
        {
            off += Write(dest[off..], a);
        }

        return off;
    }

    /// <summary>Reads one action from the front of <paramref name="src"/>, which holds the rest of the action list.</summary>
    public static int Read(ReadOnlySpan<byte> src, out OfpAction action)
    {
        if (src.Length < OfpConstants.ActionHeaderSize)
        {
            OfpProtocolException.ThrowBadAction(BadActionCode.BadLen, "action header truncated");
        }

        var type = (OfpActionType)BinaryPrimitives.ReadUInt16BigEndian(src);
        int len = BinaryPrimitives.ReadUInt16BigEndian(src[2..]);
        if (len < OfpConstants.ActionHeaderSize || len % 8 != 0 || len > src.Length)
        {
            OfpProtocolException.ThrowBadAction(BadActionCode.BadLen, $"action {type} has length {len}");
        }

        var body = src[..len];
        switch (type)
        {
            case OfpActionType.Output:
                ExpectLength(type, len, OfpConstants.ActionOutputSize);
                action = new OfpAction(type, BinaryPrimitives.ReadUInt32BigEndian(body[4..]), BinaryPrimitives.ReadUInt16BigEndian(body[8..]));
                if (action.Argument == 0 || (action.Argument > OfpPortNo.Max && action.Argument < OfpPortNo.InPort) || action.Argument == OfpPortNo.Any)
                {
                    OfpProtocolException.ThrowBadAction(BadActionCode.BadOutPort, $"output to invalid port 0x{action.Argument:x}");
                }

                break;
            case OfpActionType.Group:
            case OfpActionType.SetQueue:
                ExpectLength(type, len, 8);
                action = new OfpAction(type, BinaryPrimitives.ReadUInt32BigEndian(body[4..]));
                break;
            case OfpActionType.SetMplsTtl:
            case OfpActionType.SetNwTtl:
                ExpectLength(type, len, 8);
                action = new OfpAction(type, body[4]);
                break;
            case OfpActionType.PushVlan:
            case OfpActionType.PushMpls:
            case OfpActionType.PushPbb:
            case OfpActionType.PopMpls:
                ExpectLength(type, len, 8);
                ushort ethertype = BinaryPrimitives.ReadUInt16BigEndian(body[4..]);
                bool ok = type switch
                {
                    OfpActionType.PushVlan => ethertype is 0x8100 or 0x88a8,
                    OfpActionType.PushMpls => ethertype is 0x8847 or 0x8848,
                    OfpActionType.PushPbb => ethertype == 0x88e7,
                    _ => true,
                };
                if (!ok)
                {
                    OfpProtocolException.ThrowBadAction(BadActionCode.BadArgument, $"{type} with ethertype 0x{ethertype:x4}");
                }

                action = new OfpAction(type, ethertype);
                break;
            case OfpActionType.CopyTtlOut:
            case OfpActionType.CopyTtlIn:
            case OfpActionType.DecMplsTtl:
            case OfpActionType.PopVlan:
            case OfpActionType.DecNwTtl:
            case OfpActionType.PopPbb:
                ExpectLength(type, len, 8);
                action = new OfpAction(type);
                break;
            case OfpActionType.SetField:
                action = ReadSetField(body);
                break;
            case OfpActionType.Experimenter:
                action = new OfpAction(type, ExperimenterId: BinaryPrimitives.ReadUInt32BigEndian(body[4..]), ExperimenterData: body[8..].ToArray());
                break;
            default:
                OfpProtocolException.ThrowBadAction(BadActionCode.BadType, $"unknown action type {(ushort)type}");
                action = default;
                break;
        }

        return len;
    }

    /// <summary>Reads a whole action list (exactly <paramref name="src"/>) into <paramref name="into"/>.</summary>
    public static void ReadList(ReadOnlySpan<byte> src, List<OfpAction> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        while (!src.IsEmpty)
        {
            int n = Read(src, out var a);
            into.Add(a);
            src = src[n..];
        }
    }

    private static OfpAction ReadSetField(ReadOnlySpan<byte> body)
    {
        var oxm = body[4..];
        if (oxm.Length < OfpConstants.OxmHeaderSize)
        {
            OfpProtocolException.ThrowBadAction(BadActionCode.BadSetLen, "set_field without an OXM");
        }

        int oxmLen = OfpConstants.OxmHeaderSize + oxm[3];
        if (OxmCodec.Pad8(4 + oxmLen) != body.Length)
        {
            OfpProtocolException.ThrowBadAction(BadActionCode.BadSetLen, "set_field length does not match its OXM");
        }

        OxmEntry entry;
        try
        {
            OxmCodec.Read(oxm[..oxmLen], out entry);
        }
        catch (OfpProtocolException e) when (e.ErrorType == OfpErrorType.BadMatch)
        {
            // The OXM rules are the match rules, but a set_field must be reported as a bad action
            // with the set-field code that says what was wrong (spec 7.4.4, ofp_bad_action_code).
            var code = (BadMatchCode)e.Code switch
            {
                BadMatchCode.BadLen => BadActionCode.BadSetLen,
                BadMatchCode.BadValue or BadMatchCode.BadMask or BadMatchCode.BadWildcards => BadActionCode.BadSetArgument,
                _ => BadActionCode.BadSetType,
            };
            throw new OfpProtocolException(OfpErrorType.BadAction, (ushort)code, "set_field: " + e.Message);
        }

        if (entry.HasMask)
        {
            OfpProtocolException.ThrowBadAction(BadActionCode.BadSetArgument, "set_field OXM must not be masked");
        }

        if (entry.Field is OxmFieldId.InPort or OxmFieldId.InPhyPort or OxmFieldId.Metadata or OxmFieldId.Ipv6Exthdr)
        {
            OfpProtocolException.ThrowBadAction(BadActionCode.BadSetType, $"set_field cannot set {entry.Field}");
        }

        return OfpAction.SetField(entry);
    }

    private static void ExpectLength(OfpActionType type, int len, int expected)
    {
        if (len != expected)
        {
            OfpProtocolException.ThrowBadAction(BadActionCode.BadLen, $"action {type} has length {len}, expected {expected}");
        }
    }
}
