using System.Globalization;

namespace SdnCtl.Topology.Tenants;

/// <summary>
/// The value ranges and the conflict rules of tenant segments, shared by the topology loader
/// (which reports them with file positions) and the run-time REST API (400 and 409), so that a
/// file and a request are judged by one set of rules.
/// </summary>
public static class TenantRules
{
    /// <summary>Lowest usable 802.1Q VID (0 means "priority tag only").</summary>
    public const uint MinVlanId = 1;

    /// <summary>Highest usable 802.1Q VID (4095 is reserved).</summary>
    public const uint MaxVlanId = 4094;

    /// <summary>Lowest VNI accepted (0 is commonly reserved).</summary>
    public const uint MinVni = 1;

    /// <summary>Highest 24-bit VNI.</summary>
    public const uint MaxVni = 16_777_215;

    /// <summary>Highest 802.1Q PCP.</summary>
    public const int MaxPriority = 7;

    /// <summary>Why <paramref name="id"/> cannot be a VID or VNI of <paramref name="kind"/>, or <see langword="null"/>.</summary>
    public static string? CheckId(SegmentKind kind, long id) => kind switch
    {
        SegmentKind.Vlan when id is < MinVlanId or > MaxVlanId =>
            string.Create(CultureInfo.InvariantCulture, $"VLAN id {id} is outside {MinVlanId}–{MaxVlanId} (0 and 4095 are reserved by 802.1Q)"),
        SegmentKind.Vxlan when id is < MinVni or > MaxVni =>
            string.Create(CultureInfo.InvariantCulture, $"VNI {id} is outside {MinVni}–{MaxVni:N0} (a 24-bit VXLAN network identifier)"),
        _ => null,
    };

    /// <summary>Why <paramref name="name"/> cannot name a tenant or segment (<paramref name="kind"/>), or <see langword="null"/>: the rules of switch and host names.</summary>
    public static string? CheckName(string kind, string? name) =>
        name is not null && TopologyNames.IsValid(name) ? null : TopologyNames.Problem(kind, name ?? string.Empty);

    /// <summary>Why <paramref name="priority"/> cannot be an 802.1Q PCP, or <see langword="null"/>.</summary>
    public static string? CheckPriority(long priority) => priority is < 0 or > MaxPriority
        ? string.Create(CultureInfo.InvariantCulture, $"priority {priority} is outside 0–{MaxPriority} (the 3-bit 802.1Q PCP)")
        : null;

    /// <summary>
    /// Why <paramref name="candidate"/> cannot join the network as a segment of tenant
    /// <paramref name="tenant"/>, or <see langword="null"/>. <paramref name="existing"/> is every
    /// tenant as it is now; a segment of the same tenant and name is the one being replaced and is
    /// not compared with itself.
    /// </summary>
    public static string? FindSegmentConflict(IEnumerable<TenantSpec> existing, string tenant, SegmentSpec candidate)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(candidate);
        foreach (TenantSpec t in existing)
        {
            foreach (SegmentSpec s in t.Segments)
            {
                bool same = t.Name == tenant && s.Name == candidate.Name;
                if (same)
                {
                    continue;
                }

                if (s.Kind == candidate.Kind && s.Id == candidate.Id)
                {
                    return $"{candidate.Describe()} is already used by segment '{s.Name}' of tenant '{t.Name}'";
                }

                if (t.Name == tenant && s.Subnet is { } a && candidate.Subnet is { } b && a.Overlaps(b))
                {
                    return $"subnet {b} overlaps subnet {a} of segment '{s.Name}' in the same tenant";
                }

                foreach (MemberSpec m in candidate.Members)
                {
                    if (FindMemberConflict(t.Name, s, m) is { } problem)
                    {
                        return problem;
                    }
                }
            }
        }

        return FindDuplicateMember(candidate.Members);
    }

    /// <summary>
    /// Why <paramref name="member"/> cannot be added to segment <paramref name="segment"/> of
    /// <paramref name="tenant"/>, or <see langword="null"/>: a port is an access port of one segment
    /// only, a MAC belongs to one segment, and a member is not added twice.
    /// </summary>
    public static string? FindMemberConflict(IEnumerable<TenantSpec> existing, string tenant, string segment, MemberSpec member)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(member);
        foreach (TenantSpec t in existing)
        {
            foreach (SegmentSpec s in t.Segments)
            {
                if (t.Name == tenant && s.Name == segment)
                {
                    if (s.Members.Contains(member))
                    {
                        return $"{member} is already a member of segment '{segment}'";
                    }

                    continue;
                }

                if (FindMemberConflict(t.Name, s, member) is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? FindMemberConflict(string tenantName, SegmentSpec other, MemberSpec member)
    {
        foreach (MemberSpec m in other.Members)
        {
            if (m.Kind != member.Kind)
            {
                continue;
            }

            bool clash = member.Kind switch
            {
                MemberKind.Port => m.Port == member.Port,
                MemberKind.Mac => m.Mac == member.Mac,
                _ => m.Subnet.Overlaps(member.Subnet),
            };
            if (clash)
            {
                string what = member.Kind switch
                {
                    MemberKind.Port => $"port {member.Port} is already the access port of",
                    MemberKind.Mac => $"MAC {MacFormat.Format(member.Mac)} already belongs to",
                    _ => $"subnet {member.Subnet} overlaps subnet {m.Subnet} of",
                };
                return $"{what} segment '{other.Name}' of tenant '{tenantName}'";
            }
        }

        return null;
    }

    private static string? FindDuplicateMember(IReadOnlyList<MemberSpec> members)
    {
        var seen = new HashSet<MemberSpec>();
        foreach (MemberSpec m in members)
        {
            if (!seen.Add(m))
            {
                return $"{m} is listed twice";
            }
        }

        return null;
    }
}
