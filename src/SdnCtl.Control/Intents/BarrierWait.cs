namespace SdnCtl.Control.Intents;

/// <summary>A compile of an intent or chain (by <see cref="Id"/> and <see cref="Generation"/>) that waits for a barrier from some switches.</summary>
/// <param name="Chain">True for a chain, false for an intent.</param>
/// <param name="Id">The intent id or chain number.</param>
/// <param name="Generation">Which compile of it.</param>
/// <param name="Switches">The switches it sent flow-mods to.</param>
internal readonly record struct BarrierWait(bool Chain, long Id, long Generation, IReadOnlyCollection<ulong> Switches);
