namespace SdnCtl.Cli.Ovs;

/// <summary>A command of an OVS build failed; the build was removed again.</summary>
internal sealed class OvsCommandException : Exception
{
    public OvsCommandException()
    {
    }

    public OvsCommandException(string message)
        : base(message)
    {
    }

    public OvsCommandException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public OvsCommandException(OvsStep step, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Step = step;
    }

    /// <summary>The command that failed.</summary>
    public OvsStep? Step { get; }
}
