namespace SdnCtl.Nfv;

/// <summary>One named counter of an appliance, e.g. <c>frames-in</c> or <c>rule[3]:web-in</c>.</summary>
/// <param name="Name">Stable name, lower-case.</param>
/// <param name="Value">Value at the time it was read.</param>
public readonly record struct ApplianceCounter(string Name, long Value);
