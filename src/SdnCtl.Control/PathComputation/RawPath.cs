namespace SdnCtl.Control.PathComputation;

/// <summary>A path as edge ids of a <see cref="CompactGraph"/>, with its integer cost.</summary>
internal readonly record struct RawPath(int[] Edges, long Cost);
