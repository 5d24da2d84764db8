using System.Diagnostics.CodeAnalysis;

namespace SdnCtl.Topology;

/// <summary>The outcome of loading a topology: either the document or the errors that prevented it.</summary>
public sealed class TopologyLoadResult
{
    private TopologyLoadResult(TopologyDocument? document, IReadOnlyList<TopologyError> errors)
    {
        Document = document;
        Errors = errors;
    }

    /// <summary>The loaded document, or <see langword="null"/> when loading failed.</summary>
    public TopologyDocument? Document { get; }

    /// <summary>Every problem found, in file order; empty on success.</summary>
    public IReadOnlyList<TopologyError> Errors { get; }

    /// <summary>True when the document loaded without errors.</summary>
    [MemberNotNullWhen(true, nameof(Document))]
    public bool Succeeded => Document is not null;

    /// <summary>Creates a successful result.</summary>
    /// <param name="document">The loaded document.</param>
    public static TopologyLoadResult Success(TopologyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new TopologyLoadResult(document, []);
    }

    /// <summary>Creates a failed result.</summary>
    /// <param name="errors">The problems, at least one.</param>
    public static TopologyLoadResult Failure(IReadOnlyList<TopologyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count, nameof(errors));
        return new TopologyLoadResult(null, errors);
    }

    /// <summary>Returns the document, or throws when loading failed.</summary>
    /// <exception cref="TopologyException">Loading failed; the exception carries <see cref="Errors"/>.</exception>
    public TopologyDocument GetDocumentOrThrow() => Document ?? throw new TopologyException(Errors);
}
