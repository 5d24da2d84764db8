using System.Net;
using System.Net.Sockets;

namespace SdnCtl.IntegrationTests;

/// <summary>Loopback ports that were free a moment ago, for servers that must be told their port up front.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
