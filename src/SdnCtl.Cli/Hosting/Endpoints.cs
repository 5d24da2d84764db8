using System.Globalization;
using System.Net;

namespace SdnCtl.Cli.Hosting;

/// <summary>Parses HOST:PORT options.</summary>
internal static class Endpoints
{
    /// <summary>Whether an API URL listens on loopback only (localhost, 127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(Uri api) =>
        api.IsLoopback || (IPAddress.TryParse(api.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    public static bool TryParse(string text, int defaultPort, out IPEndPoint endPoint)
    {
        endPoint = null!;
        if (IPEndPoint.TryParse(text, out var parsed))
        {
            endPoint = parsed.Port == 0 && !text.Contains(':', StringComparison.Ordinal) ? new IPEndPoint(parsed.Address, defaultPort) : parsed;
            return true;
        }

        int colon = text.LastIndexOf(':');
        string host = colon > 0 ? text[..colon] : text;
        int port = defaultPort;
        if (colon > 0 && !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            return false;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            endPoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            if (addresses.Length == 0)
            {
                return false;
            }

            endPoint = new IPEndPoint(addresses[0], port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
