using System.Text;

namespace SdnCtl.Topology;

/// <summary>Thrown when a topology file cannot be loaded; <see cref="Errors"/> lists every problem found in it.</summary>
public sealed class TopologyException : Exception
{
    /// <summary>Creates the exception for the given errors.</summary>
    /// <param name="errors">The problems, at least one, in file order.</param>
    public TopologyException(IReadOnlyList<TopologyError> errors)
        : base(FormatMessage(errors))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, in file order.</summary>
    public IReadOnlyList<TopologyError> Errors { get; }

    private static string FormatMessage(IReadOnlyList<TopologyError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count, nameof(errors));
        if (errors.Count == 1)
        {
            return errors[0].ToString();
        }

        var message = new StringBuilder();
        message.Append(errors.Count).Append(" errors in ").Append(errors[0].File).Append(':');
        foreach (TopologyError error in errors)
        {
            message.AppendLine().Append(error);
        }

        return message.ToString();
    }
}
