using SdnCtl.Control.Store;
using SdnCtl.Topology.Tenants;

namespace SdnCtl.Control.Tenants;

/// <summary>
/// The tenants a controller starts with: those of the topology file merged with those in the store.
/// </summary>
/// <remarks>
/// Precedence, so that whatever the API answered success to is what comes back:
/// <list type="number">
/// <item>A tenant the store holds (saved whole on every change over the API) replaces the file's tenant of that name.</item>
/// <item>A tenant deleted over the API (a tombstone in the store) stays deleted, even if the file declares it.</item>
/// <item>A file tenant the store never heard of is loaded as written, unless it clashes with a stored one
///   (a VID, VNI, port or MAC in use): then it is left out and reported, the stored state winning.</item>
/// </list>
/// Order: the file's tenants in file order (replaced in place), then tenants created over the API in creation order.
/// </remarks>
public static class TenantRestore
{
    /// <summary>Merges <paramref name="declared"/> with the store; <paramref name="skipped"/> names file tenants left out, and why.</summary>
    public static IReadOnlyList<TenantSpec> Merge(IReadOnlyList<TenantSpec>? declared, IControllerStore store, out IReadOnlyList<string> skipped)
    {
        ArgumentNullException.ThrowIfNull(store);
        IReadOnlyList<TenantSpec> stored = store.ListTenants();
        var deleted = new HashSet<string>(store.ListDeletedTenants(), StringComparer.Ordinal);
        var storedByName = stored.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var fromFile = (declared ?? []).Where(t => !deleted.Contains(t.Name)).ToList();

        // Stored tenants are checked first so that a clash leaves out the file's tenant, never a stored one.
        var check = new TenantDirectory();
        var left = new List<string>();
        foreach (TenantSpec tenant in stored.Concat(fromFile.Where(t => !storedByName.ContainsKey(t.Name))))
        {
            if (Add(check, tenant) is { } problem)
            {
                left.Add($"tenant '{tenant.Name}': {problem}");
                if (storedByName.ContainsKey(tenant.Name))
                {
                    throw new InvalidDataException($"the stored tenants do not agree with each other: tenant '{tenant.Name}': {problem}");
                }
            }
        }

        var accepted = new HashSet<string>(check.Tenants.Select(t => t.Name), StringComparer.Ordinal);
        var names = new HashSet<string>(fromFile.Select(t => t.Name), StringComparer.Ordinal);
        skipped = left;
        return
        [
            .. fromFile.Where(t => accepted.Contains(t.Name)).Select(t => storedByName.GetValueOrDefault(t.Name, t)),
            .. stored.Where(t => !names.Contains(t.Name)),
        ];
    }

    private static string? Add(TenantDirectory directory, TenantSpec tenant)
    {
        var before = directory.Tenants;
        TenantResult result = directory.AddTenant(tenant.Name);
        foreach (SegmentSpec segment in tenant.Segments)
        {
            if (!result.Succeeded)
            {
                break;
            }

            result = directory.AddSegment(tenant.Name, segment);
        }

        if (result.Succeeded)
        {
            return null;
        }

        directory.Reset(before);
        return result.Detail;
    }
}
