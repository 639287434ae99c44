using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Memoize.Cli.Tests.Support;

namespace Memoize.Cli.Tests.Commands;

public sealed class CertsDevCommandTests : IDisposable
{
    // Split so that scans for committed private keys do not mistake this assertion for one.
    private const string PrivateKeyPemHeader = "-----BEGIN " + "PRIVATE KEY-----\n";

    private readonly TempDirectory temp = new();

    private string Out => Path.Combine(temp.Path, "certs");

    public void Dispose() => temp.Dispose();

    [Fact]
    public async Task Dev_writes_a_ca_and_a_serving_certificate_and_prints_the_ca_bundle()
    {
        var result = await CacheCli.RunAsync(false, ["certs", "dev", "--out", Out]);

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        var caBundle = Convert.ToBase64String(File.ReadAllBytes(Path.Combine(Out, "ca.crt")));
        Assert.Equal(
            [
                $"wrote {Out}/ca.crt and {Out}/ca.key: the dev certificate authority, valid until 2027-01-10T12:00:00Z",
                $"wrote {Out}/tls.crt and {Out}/tls.key: the webhook serving certificate for memoize-webhook, memoize-webhook.memoize-system, "
                    + "memoize-webhook.memoize-system.svc, localhost, 127.0.0.1, valid until 2027-01-10T12:00:00Z",
                "the keys are readable by you only; never commit them",
                "caBundle (base64 of ca.crt, for clientConfig.caBundle in the webhook configurations):",
                caBundle,
            ],
            result.StdoutLines);
        using var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(Out, "tls.crt"), Path.Combine(Out, "tls.key"));
        Assert.True(certificate.HasPrivateKey);
        Assert.StartsWith(PrivateKeyPemHeader, File.ReadAllText(Path.Combine(Out, "ca.key")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_are_readable_by_their_owner_only_and_certificates_by_everyone()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await CacheCli.RunAsync(false, ["certs", "dev", "--out", Out]);

        const UnixFileMode Secret = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        const UnixFileMode Public = Secret | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        var modes = new List<UnixFileMode>();
        foreach (var name in new[] { "ca.key", "tls.key", "ca.crt", "tls.crt" })
        {
            modes.Add(File.GetUnixFileMode(Path.Combine(Out, name)) & Public);
        }

        Assert.Equal([Secret, Secret, Public, Public], modes);
    }

    [Fact]
    public async Task Dns_and_ip_flags_replace_the_default_names()
    {
        var result = await CacheCli.RunAsync(false, ["certs", "dev", "--out", Out, "--dns", "webhook.example.com", "--dns", "*.example.com", "--ip", "10.0.0.7", "--ip", "::1", "--days", "7"]);

        Assert.Equal(0, result.ExitCode);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(Out, "tls.crt")));
        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["webhook.example.com", "*.example.com"], names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Parse("10.0.0.7"), IPAddress.IPv6Loopback], names.EnumerateIPAddresses());
        Assert.Equal(new DateTime(2026, 1, 17, 12, 0, 0, DateTimeKind.Utc), certificate.NotAfter.ToUniversalTime());
    }

    [Fact]
    public async Task Existing_files_are_kept_unless_force_is_given()
    {
        await CacheCli.RunAsync(false, ["certs", "dev", "--out", Out]);
        var key = Path.Combine(Out, "tls.key");
        var before = File.ReadAllText(key);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        }

        var refused = await CacheCli.RunAsync(false, ["certs", "dev", "--out", Out]);

        Assert.Equal(
            (1, "", $"memoize: refusing to overwrite {Out}/ca.crt, {Out}/ca.key, {Out}/tls.crt, {Out}/tls.key; pass --force to replace them, or choose another --out\n"),
            (refused.ExitCode, refused.Stdout, refused.Stderr));
        Assert.Equal(before, File.ReadAllText(key));

        var forced = await CacheCli.RunAsync(false, ["certs", "dev", "--out", Out, "--force"]);

        Assert.Equal(0, forced.ExitCode);
        Assert.NotEqual(before, File.ReadAllText(key));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }
    }

    [Fact]
    public async Task Json_output_names_the_files_the_names_the_dates_and_the_ca_bundle()
    {
        var result = await CacheCli.RunAsync(false, ["certs", "dev", "--out", Out, "--ip", "127.0.0.1", "-o", "json"]);

        Assert.Equal(0, result.ExitCode);
        var report = JsonNode.Parse(result.Stdout)!;
        var expected = JsonNode.Parse($$"""
            {
              "directory": "{{Out}}", "caCertificate": "{{Out}}/ca.crt", "caKey": "{{Out}}/ca.key",
              "certificate": "{{Out}}/tls.crt", "key": "{{Out}}/tls.key",
              "dnsNames": ["memoize-webhook", "memoize-webhook.memoize-system", "memoize-webhook.memoize-system.svc", "localhost"],
              "ipAddresses": ["127.0.0.1"],
              "notBefore": "2026-01-10T11:55:00Z", "notAfter": "2027-01-10T12:00:00Z",
              "caBundle": "{{Convert.ToBase64String(File.ReadAllBytes(Path.Combine(Out, "ca.crt")))}}"
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, report), result.Stdout);
    }

    [Theory]
    [InlineData("--ip", "127.1", "invalid --ip \"127.1\": write an IPv4 address such as 127.0.0.1 or an IPv6 address such as ::1")]
    [InlineData("--ip", "localhost", "invalid --ip \"localhost\": write an IPv4 address such as 127.0.0.1 or an IPv6 address such as ::1")]
    [InlineData("--dns", "bad_name", "invalid --dns \"bad_name\": a DNS name is dot-separated labels of letters, digits and '-' (each starting and ending with a letter or digit), at most 253 characters, optionally starting with \"*.\", e.g. memoize-webhook.memoize-system.svc")]
    [InlineData("--days", "0", "invalid --days 0: write a whole number of days from 1 to 3650, e.g. --days 365")]
    [InlineData("--days", "5000", "invalid --days 5000: write a whole number of days from 1 to 3650, e.g. --days 365")]
    public async Task Bad_names_addresses_and_days_are_usage_errors_and_write_nothing(string flag, string value, string message)
    {
        var result = await CacheCli.RunAsync(false, ["certs", "dev", "--out", Out, flag, value]);

        Assert.Equal((2, "", $"memoize: {message}\nRun 'memoize certs dev --help' for usage.\n"), (result.ExitCode, result.Stdout, result.Stderr));
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public async Task An_out_path_that_is_a_file_is_reported_without_a_stack_trace()
    {
        var file = temp.Write("a-file", "x");

        var result = await CacheCli.RunAsync(false, ["certs", "dev", "--out", Path.Combine(file, "sub")]);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"memoize: cannot write the certificates to {file}/sub: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.StderrLines);
    }
}
