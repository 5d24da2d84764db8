using SdnCtl.OpenFlow.Messages;

namespace SdnCtl.DataPlane.Switch;

/// <summary>
/// The switch's side of a connection to one controller. The TCP transport implements it over a
/// DotNetty channel; tests implement it with a list. Called only on the switch's executor.
/// </summary>
public interface IControllerChannel
{
    /// <summary>Queues a message for sending (not necessarily flushed).</summary>
    void Send(OfpMessage message);

    /// <summary>Sends everything queued by <see cref="Send"/>.</summary>
    void Flush();

    /// <summary>Closes the connection (after a failed HELLO).</summary>
    void Close();
}
