using System.Net;
using System.Net.Security;
using System.Text;
using Memoize.ApiEmulator;
using Memoize.Webhook.Tests.Support;
using Xunit.Abstractions;

namespace Memoize.Webhook.Tests.Manifests;

/// <summary>
/// Both programs start and serve as their rendered Deployments run them on a read-only root filesystem: as UID 1654,
/// with their args and environment, a working directory and HOME they cannot write, and only TMPDIR (the emptyDir
/// at /tmp) writable. A program that wrote anywhere else (a data-protection key ring under HOME, a file in the
/// working directory) would fail or warn here.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ReadOnlyFilesystemTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_webhook_serves_admission_with_a_read_only_working_directory_and_home()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var container = RenderedManifests.Container(RenderedManifests.Render("manifests/base"), "memoize-webhook");
        var (admission, health) = (ConfinedProcess.FreeLoopbackAddress(), ConfinedProcess.FreeLoopbackAddress());
        using var certificates = new TestCertificates();
        var pair = certificates.Issue("memoize-webhook");
        var args = RenderedManifests.Arguments(container);
        Assert.Contains("--tls-cert-file=/etc/memoize/tls/tls.crt", args);
        using var program = ConfinedProcess.Start("Memoize.Webhook.dll", RenderedManifests.Environment(container), directory =>
        {
            File.WriteAllText(Path.Combine(directory, "tls.crt"), pair.CertificatePem);
            File.WriteAllText(Path.Combine(directory, "tls.key"), pair.KeyPem);
        }, directory => args.Select(a => a
            .Replace("0.0.0.0:8443", admission, StringComparison.Ordinal)
            .Replace("0.0.0.0:8080", health, StringComparison.Ordinal)
            .Replace("/etc/memoize/tls", directory, StringComparison.Ordinal)));

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await program.WaitUntilAsync(async () => (await http.GetAsync($"http://{health}/readyz")).StatusCode == HttpStatusCode.OK, "/readyz to answer 200");
        using var https = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => certificates.Validate(certificate, errors) },
        })
        { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var path in new[] { "validate", "mutate" })
        {
            using var response = await https.PostAsync($"https://{admission}/{path}", new StringContent(Fixtures.Admission("workflow-create-kubectl-apply.json"), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"uid\":", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        var metrics = await http.GetStringAsync($"http://{health}/metrics");
        Assert.Contains("memoize_webhook_", metrics, StringComparison.Ordinal);

        AssertQuiet(program);
    }

    [Fact]
    public async Task The_reconciler_leads_and_serves_metrics_with_a_read_only_working_directory_and_home()
    {
        if (RenderedManifests.KubectlMissing(output))
        {
            return;
        }

        var container = RenderedManifests.Container(RenderedManifests.Render("manifests/base"), "memoize-reconciler");
        await using var emulator = await KubernetesApiEmulator.StartAsync();
        var metricsAddress = ConfinedProcess.FreeLoopbackAddress();
        var args = RenderedManifests.Arguments(container).Select(a => a.Replace("0.0.0.0:8081", metricsAddress, StringComparison.Ordinal)).ToList();
        Assert.Contains($"--metrics-address={metricsAddress}", args);
        using var program = ConfinedProcess.Start("Memoize.Reconciler.dll", RenderedManifests.Environment(container),
            directory => emulator.WriteKubeconfig(Path.Combine(directory, "kubeconfig")),
            directory => [.. args, $"--kubeconfig={Path.Combine(directory, "kubeconfig")}"]);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await program.WaitUntilAsync(async () => (await http.GetAsync($"http://{metricsAddress}/readyz")).StatusCode == HttpStatusCode.OK, "/readyz to answer 200");
        await program.WaitUntilAsync(async () => (await http.GetStringAsync($"http://{metricsAddress}/metrics")).Contains("memoize_reconciler_leader 1", StringComparison.Ordinal),
            "the reconciler to take the Lease and lead");

        AssertQuiet(program);
    }

    // Running, and not one warning or error: a failed write (or a fallback such as an in-memory key ring) would say so.
    private static void AssertQuiet(ConfinedProcess program)
    {
        Assert.True(program.IsRunning, string.Join('\n', program.Output));
        if (ConfinedProcess.IsRoot)
        {
            Assert.Equal(ConfinedProcess.ContainerUid, program.EffectiveUid); // not root: the read-only directories really are read-only to it
        }
        var complaints = program.Output.Where(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)
            || l.Contains("error", StringComparison.OrdinalIgnoreCase) || l.Contains("denied", StringComparison.OrdinalIgnoreCase)
            || l.Contains("read-only", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(complaints.Count == 0, "the program complained:\n" + string.Join('\n', complaints));
        Assert.Empty(Directory.GetFileSystemEntries(program.WorkingDirectory));
        Assert.Empty(Directory.GetFileSystemEntries(program.Home));
    }
}
