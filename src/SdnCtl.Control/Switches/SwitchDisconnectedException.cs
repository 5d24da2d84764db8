namespace SdnCtl.Control.Switches;

/// <summary>A request could not complete because the switch's session closed.</summary>
public sealed class SwitchDisconnectedException : Exception
{
    public SwitchDisconnectedException()
        : base("the switch disconnected")
    {
    }

    public SwitchDisconnectedException(string message)
        : base(message)
    {
    }

    public SwitchDisconnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for datapath <paramref name="datapathId"/>.</summary>
    public SwitchDisconnectedException(ulong datapathId, string reason)
        : base($"switch {datapathId:x16} disconnected: {reason}")
    {
        DatapathId = datapathId;
    }

    /// <summary>The datapath that went away.</summary>
    public ulong DatapathId { get; }
}
