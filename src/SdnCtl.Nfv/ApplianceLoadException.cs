namespace SdnCtl.Nfv;

/// <summary>A third-party appliance assembly could not be loaded or registered.</summary>
public sealed class ApplianceLoadException : Exception
{
    public ApplianceLoadException()
    {
    }

    public ApplianceLoadException(string message)
        : base(message)
    {
    }

    public ApplianceLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
