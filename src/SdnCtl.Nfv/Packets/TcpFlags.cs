namespace SdnCtl.Nfv.Packets;

/// <summary>TCP header flag bits (RFC 9293 §3.1).</summary>
internal static class TcpFlags
{
    public const byte Fin = 0x01;
    public const byte Syn = 0x02;
    public const byte Rst = 0x04;
    public const byte Ack = 0x10;
}
