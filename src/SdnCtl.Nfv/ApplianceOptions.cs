using SdnCtl.Nfv.Packets;
using SdnCtl.Topology;

namespace SdnCtl.Nfv;

/// <summary>
/// Configuration common to every appliance kind: a name and its interfaces. Each kind derives its
/// own options type with typed settings and adds its checks in <see cref="ValidateCore"/>.
/// Options are plain settable classes so that YAML and JSON bind to them directly
/// (see <see cref="ApplianceOptionsBinder"/>).
/// </summary>
public abstract class ApplianceOptions
{
    /// <summary>Appliance name, unique in the network.</summary>
    public string Name { get; set; } = "";

    /// <summary>The appliance's interfaces, in order; frames name an interface by its index here.</summary>
    public List<InterfaceOptions> Interfaces { get; set; } = [];

    /// <summary>Fewest interfaces the kind works with.</summary>
    protected virtual int MinInterfaces => 1;

    /// <summary>Most interfaces the kind works with.</summary>
    protected virtual int MaxInterfaces => 64;

    /// <summary>Whether every interface needs an IPv4 address (layer-3 appliances).</summary>
    protected virtual bool AddressRequired => false;

    /// <summary>Checks every option; an empty list means the options are valid.</summary>
    public IReadOnlyList<OptionError> Validate()
    {
        var errors = new List<OptionError>();
        if (string.IsNullOrWhiteSpace(Name))
        {
            errors.Add(new OptionError("name", "is required"));
        }

        if (Interfaces is null || Interfaces.Count < MinInterfaces || Interfaces.Count > MaxInterfaces)
        {
            string expected = MinInterfaces == MaxInterfaces ? $"exactly {MinInterfaces}" : $"{MinInterfaces}–{MaxInterfaces}";
            errors.Add(new OptionError("interfaces", $"has {Interfaces?.Count ?? 0} interfaces; this kind needs {expected}"));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var macs = new HashSet<ulong>();
        for (int i = 0; i < (Interfaces?.Count ?? 0); i++)
        {
            InterfaceOptions? iface = Interfaces![i];
            string at = $"interfaces[{i}]";
            if (iface is null)
            {
                errors.Add(new OptionError(at, "is null"));
                continue;
            }

            if (string.IsNullOrWhiteSpace(iface.Name))
            {
                errors.Add(new OptionError(at + ".name", "is required"));
            }
            else if (!names.Add(iface.Name))
            {
                errors.Add(new OptionError(at + ".name", $"'{iface.Name}' is used by another interface"));
            }

            if (!MacFormat.TryParse(iface.Mac, out ulong mac))
            {
                errors.Add(new OptionError(at + ".mac", $"'{iface.Mac}' is not a MAC address (like 02:00:00:00:00:01)"));
            }
            else if ((mac & 0x0100_0000_0000) != 0 || mac == 0)
            {
                errors.Add(new OptionError(at + ".mac", $"'{iface.Mac}' is not a unicast address"));
            }
            else if (!macs.Add(mac))
            {
                errors.Add(new OptionError(at + ".mac", $"'{iface.Mac}' is used by another interface"));
            }

            if (iface.Address is null)
            {
                if (AddressRequired)
                {
                    errors.Add(new OptionError(at + ".address", "is required for this kind (a.b.c.d/len)"));
                }
            }
            else if (!Ipv4Prefix.TryParse(iface.Address, network: false, out Ipv4Prefix prefix, out string? error))
            {
                errors.Add(new OptionError(at + ".address", error!));
            }
            else if (prefix.Length is 0 or > 30)
            {
                errors.Add(new OptionError(at + ".address", $"'{iface.Address}' needs a prefix length of 1–30"));
            }
            else if (prefix.Address == prefix.Network || (prefix.Address | ~prefix.Mask) == prefix.Address)
            {
                errors.Add(new OptionError(at + ".address", $"'{iface.Address}' is the network or broadcast address of its subnet"));
            }
        }

        if (errors.Count == 0)
        {
            ValidateCore(errors);
        }

        return errors;
    }

    /// <summary>Adds the kind's own checks. Called only when the common options are valid.</summary>
    protected virtual void ValidateCore(List<OptionError> errors)
    {
    }

    /// <summary>Builds the interfaces from options that passed <see cref="Validate"/>.</summary>
    internal VirtualInterface[] BuildInterfaces()
    {
        var result = new VirtualInterface[Interfaces.Count];
        for (int i = 0; i < result.Length; i++)
        {
            InterfaceOptions o = Interfaces[i];
            MacFormat.TryParse(o.Mac, out ulong mac);
            Ipv4Prefix? address = null;
            if (o.Address is not null && Ipv4Prefix.TryParse(o.Address, network: false, out Ipv4Prefix p, out _))
            {
                address = p;
            }

            result[i] = new VirtualInterface(i, o.Name, mac, address, o.Attachment);
        }

        return result;
    }
}
