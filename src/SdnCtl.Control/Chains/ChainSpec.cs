using System.Collections.Immutable;
using SdnCtl.Control.Intents;

namespace SdnCtl.Control.Chains;

/// <summary>
/// A service chain: traffic from <paramref name="Source"/> to <paramref name="Destination"/> that
/// matches <paramref name="Match"/> visits every appliance in order before it is delivered.
/// </summary>
/// <param name="Name">Its unique name.</param>
/// <param name="Source">The source host (name or MAC).</param>
/// <param name="Destination">The destination host (name or MAC).</param>
/// <param name="Match">What else the traffic matches; <see langword="null"/> for everything between the two hosts.</param>
/// <param name="Appliances">The appliances to visit, in order, each with the switch port its interface is attached to.</param>
public sealed record ChainSpec(string Name, string Source, string Destination, IntentMatch? Match, ImmutableArray<ChainAppliance> Appliances);
