namespace SdnCtl.Nfv.Firewall;

/// <summary>A connection the firewall lets through in both directions, as read from its table.</summary>
public sealed record TrackedConnection(string Protocol, string Source, int SourcePort, string Destination, int DestinationPort, TimeSpan ExpiresIn);
