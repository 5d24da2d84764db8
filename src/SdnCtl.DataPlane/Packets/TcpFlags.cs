namespace SdnCtl.DataPlane.Packets;

/// <summary>TCP header flags (RFC 9293).</summary>
[Flags]
#pragma warning disable CA1028 // The wire field is one byte.
public enum TcpFlags : byte
#pragma warning restore CA1028
{
    None = 0,
    Fin = 0x01,
    Syn = 0x02,
    Rst = 0x04,
    Psh = 0x08,
    Ack = 0x10,
    Urg = 0x20,
}
