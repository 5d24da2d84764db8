using SdnCtl.OpenFlow.Instructions;
using SdnCtl.OpenFlow.Messages;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tenants;

/// <summary>
/// The tenants' rate-limit meters: a meter id per rate-limited tenant (stable while the tenant keeps
/// a limit), the meters each switch needs (those its tenant rules point at) and the meters believed
/// installed there, so that each switch gets only the METER_MODs of the difference.
/// </summary>
internal sealed class TenantMeters
{
    private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);
    // Per switch: meter id → its limit, or null for a meter of another shape (a stray or one that
    // drifted) found when the switch's meters were read back.
    private readonly Dictionary<ulong, Dictionary<uint, TenantRateLimit?>> _installed = [];
    private Dictionary<uint, TenantRateLimit> _limits = [];
    private uint _nextId = 1;

    /// <summary>Meters believed installed, over all switches.</summary>
    public int InstalledCount => _installed.Values.Sum(m => m.Count);

    /// <summary>Switches believed to hold meters of ours.</summary>
    public IEnumerable<ulong> Switches => _installed.Keys;

    /// <summary>The meter id of <paramref name="tenant"/>, or 0 when it has no rate limit.</summary>
    public uint IdOf(TenantSpec tenant) => tenant.RateLimit is null ? 0 : _ids.GetValueOrDefault(tenant.Name);

    /// <summary>The meters believed installed on <paramref name="dpid"/>: id → limit (null: not one of ours as it stands).</summary>
    public IReadOnlyDictionary<uint, TenantRateLimit?> On(ulong dpid) =>
        _installed.TryGetValue(dpid, out var meters) ? meters : new Dictionary<uint, TenantRateLimit?>();

    /// <summary>Takes the tenants' limits as they are now; true when any meter's limit changed, came or went.</summary>
    public bool Update(IEnumerable<TenantSpec> tenants)
    {
        var limits = new Dictionary<uint, TenantRateLimit>();
        var limited = new HashSet<string>(StringComparer.Ordinal);
        foreach (TenantSpec t in tenants)
        {
            if (t.RateLimit is not { } limit)
            {
                continue;
            }

            limited.Add(t.Name);
            if (!_ids.TryGetValue(t.Name, out uint id))
            {
                id = _nextId++;
                _ids.Add(t.Name, id);
            }

            limits[id] = limit;
        }

        foreach (string gone in _ids.Keys.Where(n => !limited.Contains(n)).ToList())
        {
            _ids.Remove(gone);
        }

        bool changed = limits.Count != _limits.Count || limits.Any(kv => !_limits.TryGetValue(kv.Key, out var old) || old != kv.Value);
        _limits = limits;
        return changed;
    }

    /// <summary>A (re)connected switch: what it holds is not known to be ours any more.</summary>
    public void Forget(ulong dpid) => _installed.Remove(dpid);

    /// <summary>
    /// What a switch reported (multipart meter config) becomes what is believed installed, so that the
    /// next <see cref="Sync"/> leaves matching meters alone, modifies ours that drifted and deletes the rest.
    /// </summary>
    public void Adopt(ulong dpid, IEnumerable<MeterConfigEntry> reported)
    {
        var meters = new Dictionary<uint, TenantRateLimit?>();
        foreach (MeterConfigEntry e in reported)
        {
            meters[e.MeterId] = FromConfig(e);
        }

        if (meters.Count == 0)
        {
            _installed.Remove(dpid);
        }
        else
        {
            _installed[dpid] = meters;
        }
    }

    /// <summary>
    /// Sends <paramref name="dpid"/> the METER_MODs that make its meters those <paramref name="rules"/>
    /// point at: ADD or MODIFY through <paramref name="send"/> before the rules change, DELETE through
    /// <paramref name="sendAfterRules"/> (a switch deletes the rules of a deleted meter with it, so a
    /// meter goes only once no rule uses it).
    /// </summary>
    public void Sync(ulong dpid, IEnumerable<TenantRule> rules, Action<OfpMessage> send, Action<OfpMessage> sendAfterRules)
    {
        var desired = new Dictionary<uint, TenantRateLimit>();
        foreach (TenantRule rule in rules)
        {
            foreach (OfpInstruction i in rule.Instructions)
            {
                if (i.Type == OfpInstructionType.Meter && _limits.TryGetValue(i.MeterId, out TenantRateLimit? limit))
                {
                    desired[i.MeterId] = limit;
                }
            }
        }

        Dictionary<uint, TenantRateLimit?> installed = _installed.GetValueOrDefault(dpid) ?? [];
        foreach (var (id, limit) in desired.OrderBy(kv => kv.Key))
        {
            if (!installed.TryGetValue(id, out TenantRateLimit? current))
            {
                send(ToMeterMod(MeterModCommand.Add, id, limit));
            }
            else if (current != limit)
            {
                send(ToMeterMod(MeterModCommand.Modify, id, limit));
            }
        }

        foreach (uint id in installed.Keys.Where(id => !desired.ContainsKey(id)).Order())
        {
            sendAfterRules(new MeterMod { Command = MeterModCommand.Delete, MeterId = id });
        }

        if (desired.Count == 0)
        {
            _installed.Remove(dpid);
        }
        else
        {
            _installed[dpid] = desired.ToDictionary(kv => kv.Key, kv => (TenantRateLimit?)kv.Value);
        }
    }

    /// <summary>The METER_MOD of a tenant meter: one drop band at the rate, in kbit/s, with statistics.</summary>
    public static MeterMod ToMeterMod(MeterModCommand command, uint id, TenantRateLimit limit) => new()
    {
        Command = command,
        MeterId = id,
        Flags = MeterFlags.Kbps | MeterFlags.Stats | (limit.BurstKbits > 0 ? MeterFlags.Burst : MeterFlags.None),
        Bands = [OfpMeterBand.Drop(limit.RateKbps, limit.BurstKbits)],
    };

    /// <summary>The limit a reported meter stands for when it has exactly the shape <see cref="ToMeterMod"/> gives, else null.</summary>
    public static TenantRateLimit? FromConfig(MeterConfigEntry entry)
    {
        MeterFlags burst = entry.Flags & MeterFlags.Burst;
        if ((entry.Flags & ~MeterFlags.Burst) != (MeterFlags.Kbps | MeterFlags.Stats)
            || entry.Bands is not [{ Type: MeterBandType.Drop } band]
            || band.Rate % 1000 != 0 || band.Rate / 1000 is 0 or > TenantRateLimit.MaxRateMbps
            || (burst != 0 && band.BurstSize == 0))
        {
            return null;
        }

        return new TenantRateLimit(band.Rate / 1000, burst != 0 ? band.BurstSize : 0);
    }
}
