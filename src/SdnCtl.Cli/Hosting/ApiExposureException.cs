namespace SdnCtl.Cli.Hosting;

/// <summary>The REST API was asked to listen beyond loopback without any API key.</summary>
internal sealed class ApiExposureException : InvalidOperationException
{
    public ApiExposureException()
    {
    }

    public ApiExposureException(string message)
        : base(message)
    {
    }

    public ApiExposureException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
