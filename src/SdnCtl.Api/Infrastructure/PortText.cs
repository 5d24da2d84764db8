using System.Globalization;
using SdnCtl.Control.Network;
using SdnCtl.OpenFlow;

namespace SdnCtl.Api.Infrastructure;

/// <summary>Port numbers in JSON and action text: a number, a reserved name (CONTROLLER, LOCAL…) or the switch's name for the port.</summary>
internal static class PortText
{
    public static bool TryParse(string text, SwitchInfo? sw, out uint port)
    {
        port = text.ToUpperInvariant() switch
        {
            "IN_PORT" => OfpPortNo.InPort,
            "TABLE" => OfpPortNo.Table,
            "NORMAL" => OfpPortNo.Normal,
            "FLOOD" => OfpPortNo.Flood,
            "ALL" => OfpPortNo.All,
            "CONTROLLER" => OfpPortNo.Controller,
            "LOCAL" => OfpPortNo.Local,
            "ANY" => OfpPortNo.Any,
            _ => 0,
        };
        if (port != 0)
        {
            return true;
        }

        if (uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port))
        {
            return port is > 0 and <= OfpPortNo.Max;
        }

        if (sw is not null)
        {
            foreach (var p in sw.Ports)
            {
                if (string.Equals(p.Name, text, StringComparison.Ordinal))
                {
                    port = p.Number;
                    return true;
                }
            }
        }

        return false;
    }
}
