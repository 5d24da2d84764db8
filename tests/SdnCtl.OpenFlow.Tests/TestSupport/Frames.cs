using System.Buffers.Binary;

namespace SdnCtl.OpenFlow.Tests.TestSupport;

/// <summary>Builds raw frames for error tests: a header with the right length around hand-written body bytes.</summary>
internal static class Frames
{
    /// <summary>FLOW_MOD fields before the match: cookie, mask, table 0, ADD, timeouts 0, priority 0x8000, NO_BUFFER, ANY, ANY, flags 0.</summary>
    public const string FlowModFixed = "0000000000000000 0000000000000000 00 00 0000 0000 8000 ffffffff ffffffff ffffffff 0000 0000";

    public static byte[] Build(OfpType type, string bodyHex, byte version = OfpConstants.Version, uint xid = 1) =>
        Build((byte)type, Hex.Parse(bodyHex), version, xid);

    public static byte[] Build(byte type, byte[] body, byte version = OfpConstants.Version, uint xid = 1)
    {
        var frame = new byte[OfpConstants.HeaderSize + body.Length];
        frame[0] = version;
        frame[1] = type;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), (ushort)frame.Length);
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), xid);
        body.CopyTo(frame, OfpConstants.HeaderSize);
        return frame;
    }

    /// <summary>A FLOW_MOD with the given raw ofp_match (header, OXMs, padding) and instructions.</summary>
    public static byte[] FlowMod(string matchHex, string instructionsHex = "") =>
        Build(OfpType.FlowMod, FlowModFixed + matchHex + instructionsHex);

    /// <summary>A FLOW_MOD whose match holds exactly <paramref name="oxmHex"/>, with correct length and padding.</summary>
    public static byte[] FlowModWithOxms(string oxmHex, string instructionsHex = "")
    {
        int oxmLength = Hex.Parse(oxmHex).Length;
        int unpadded = 4 + oxmLength;
        string match = $"0001{unpadded:x4}" + oxmHex + new string('0', 2 * (((unpadded + 7) & ~7) - unpadded));
        return FlowMod(match, instructionsHex);
    }

    /// <summary>A PACKET_OUT (NO_BUFFER, in_port CONTROLLER) with the given raw action bytes.</summary>
    public static byte[] PacketOut(string actionsHex)
    {
        int len = Hex.Parse(actionsHex).Length;
        return Build(OfpType.PacketOut, $"ffffffff fffffffd {len:x4} 000000000000" + actionsHex);
    }
}
