using System.Diagnostics;

namespace SdnCtl.IntegrationTests.Api;

/// <summary>
/// The interactive API reference rendered by a real browser (headless Chromium from Debian's
/// package, which .ci/run installs). Skips, saying why, where no Chromium is installed.
/// </summary>
public sealed class ApiReferenceBrowserTests(RestApiFixture fixture) : IClassFixture<RestApiFixture>
{
    private static readonly string? Chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" }.FirstOrDefault(File.Exists);

    // Chromium starting, rendering and dumping the page takes ~25 s on an idle 2-core machine and took
    // over a minute with the other suites and two busy loops beside it (the old one-minute guard then
    // failed the test); the guard only fails a hung browser.
    private static readonly TimeSpan BrowserGuard = TimeSpan.FromMinutes(5);

    [SkippableFact]
    public async Task ScalarPage_InHeadlessChromium_RendersTheApiAndItsOperations()
    {
        Skip.If(Chromium is null, "no Chromium at /usr/bin/chromium (apt-get install chromium); .ci/run installs it");

        string profile = Directory.CreateTempSubdirectory("sdnctl-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(Chromium!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile}", "--virtual-time-budget=10000", "--dump-dom",
                fixture.Host.ApiAddress.TrimEnd('/') + "/scalar/",
            })
            {
                start.ArgumentList.Add(arg);
            }

            using var browser = Process.Start(start)!;
            var dom = browser.StandardOutput.ReadToEndAsync();
            _ = browser.StandardError.ReadToEndAsync();
            using var guard = new CancellationTokenSource(BrowserGuard);
            try
            {
                await browser.WaitForExitAsync(guard.Token);
            }
            finally
            {
                // A browser still running when the guard ran out is not left behind holding its profile.
                if (!browser.HasExited)
                {
                    browser.Kill(entireProcessTree: true);
                }
            }

            string html = await dom;

            // Text that only exists once the page's script has fetched /openapi/v1.json and rendered it.
            Assert.Contains("Northbound REST API of the SdnCtl", html, StringComparison.Ordinal);
            Assert.Contains("Liveness and a one-line view of the network.", html, StringComparison.Ordinal);
            foreach (var tag in new[] { "Topology", "Switches", "Flows", "Hosts", "Links", "Simulator", "Paths" })
            {
                Assert.Contains(">" + tag + "<", html, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
