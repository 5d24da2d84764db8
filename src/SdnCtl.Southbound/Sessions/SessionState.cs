namespace SdnCtl.Southbound.Sessions;

/// <summary>Life cycle of a switch session; it only moves forward.</summary>
internal enum SessionState
{
    /// <summary>Our HELLO is out; waiting for the switch's.</summary>
    AwaitingHello,

    /// <summary>Version agreed; FEATURES, SET_CONFIG, PORT_DESC and DESC in flight.</summary>
    Handshaking,

    /// <summary>Handshake complete; the control plane knows the switch.</summary>
    Connected,

    /// <summary>Closed; pending requests have faulted.</summary>
    Closed,
}
