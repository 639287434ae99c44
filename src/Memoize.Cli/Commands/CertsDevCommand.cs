using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Memoize.Cli.CacheInspection;
using Memoize.Cli.Certificates;

namespace Memoize.Cli.Commands;

/// <summary><c>memoize certs dev --out DIR [--dns NAME ...] [--ip IP ...] [--days N] [--force]</c>: a dev CA and a webhook serving certificate.</summary>
public static partial class CertsDevCommand
{
    /// <summary>The longest validity accepted: ten years.</summary>
    public const int MaxDays = 3650;

    /// <summary>The <c>dev</c> command.</summary>
    public static Command Create(ConsoleStreams console, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(clock);
        var output = new Option<string>("--out")
        {
            Description = "The directory to write ca.crt, ca.key, tls.crt and tls.key to (created when missing).",
            HelpName = "DIR",
            Required = true,
        };
        var dns = new Option<string[]>("--dns")
        {
            Description = "A DNS name for the serving certificate; repeat for more. Replaces the default names: "
                + string.Join(", ", DevCertificateAuthority.DefaultDnsNames) + ".",
            HelpName = "NAME",
            AllowMultipleArgumentsPerToken = false,
        };
        dns.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!IsDnsName(name))
                {
                    result.AddError(
                        $"invalid --dns \"{name}\": a DNS name is dot-separated labels of letters, digits and '-' (each starting and ending "
                        + "with a letter or digit), at most 253 characters, optionally starting with \"*.\", e.g. memoize-webhook.memoize-system.svc");
                }
            }
        });
        var ip = new Option<string[]>("--ip")
        {
            Description = "An IP address for the serving certificate; repeat for more. Replaces the default: "
                + string.Join(", ", DevCertificateAuthority.DefaultIpAddresses) + ".",
            HelpName = "IP",
            AllowMultipleArgumentsPerToken = false,
        };
        ip.Validators.Add(result =>
        {
            foreach (var address in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (ParseIp(address) is null)
                {
                    result.AddError($"invalid --ip \"{address}\": write an IPv4 address such as 127.0.0.1 or an IPv6 address such as ::1");
                }
            }
        });
        var days = new Option<int>("--days")
        {
            Description = $"How many days the certificates are valid (1 to {MaxDays}).",
            HelpName = "N",
            DefaultValueFactory = _ => 365,
        };
        days.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value is < 1 or > MaxDays)
            {
                result.AddError($"invalid --days {value}: write a whole number of days from 1 to {MaxDays}, e.g. --days 365");
            }
        });
        var force = new Option<bool>("--force") { Description = "Replace ca.crt, ca.key, tls.crt and tls.key when they already exist." };
        var format = new Option<string>("--output", "-o")
        {
            Description = "Output format: text for people, json for machines.",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");

        var command = new Command(
            "dev",
            "Write a throw-away certificate authority (ca.crt, ca.key) and a serving certificate for the webhook (tls.crt, tls.key), "
            + "PEM, keys readable by their owner only, and print the base64 caBundle for the webhook configurations. For development "
            + "and tests only: use cert-manager in a real cluster. Exit code: 0 written, 1 files exist (use --force), 2 usage error "
            + "or a file cannot be written.")
        {
            output,
            dns,
            ip,
            days,
            force,
            format,
        };
        command.SetAction(parseResult =>
        {
            var directory = Path.GetFullPath(parseResult.GetValue(output)!);
            var existing = DevCertificateFiles.Existing(directory);
            if (existing.Count > 0 && !parseResult.GetValue(force))
            {
                console.Error.WriteLine($"memoize: refusing to overwrite {string.Join(", ", existing)}; pass --force to replace them, or choose another --out");
                return MemoizeCommandLine.ExitNotFoundOrRefused;
            }

            var given = parseResult.GetValue(dns) ?? [];
            var dnsNames = given.Length > 0 ? given.Distinct(StringComparer.OrdinalIgnoreCase).ToList() : DevCertificateAuthority.DefaultDnsNames.ToList();
            var givenIps = parseResult.GetValue(ip) ?? [];
            var ipAddresses = (givenIps.Length > 0 ? givenIps : DevCertificateAuthority.DefaultIpAddresses)
                .Select(text => ParseIp(text)!)
                .Distinct()
                .ToList();
            var certificates = DevCertificateAuthority.Issue(dnsNames, ipAddresses, parseResult.GetValue(days), clock.GetUtcNow());
            try
            {
                DevCertificateFiles.Write(directory, certificates);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"memoize: cannot write the certificates to {directory}: {e.Message}");
                return MemoizeCommandLine.ExitUsage;
            }

            if (parseResult.GetValue(format) == "json")
            {
                WriteJson(console.Out, directory, certificates);
            }
            else
            {
                WriteText(console.Out, directory, certificates);
            }

            return 0;
        });
        return command;
    }

    /// <summary>True for a DNS name a certificate may carry: labels of letters, digits and '-', optionally a leading <c>*.</c>.</summary>
    public static bool IsDnsName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length <= 253 && DnsNameRegex().IsMatch(name);
    }

    /// <summary>The address written as a full IPv4 dotted quad or an IPv6 address; null otherwise (no short forms like <c>127.1</c>).</summary>
    public static IPAddress? ParseIp(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        return address.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3 ? null : address;
    }

    private static void WriteText(TextWriter output, string directory, DevCertificateSet certificates)
    {
        var until = CacheJson.FormatTimestamp(certificates.NotAfter);
        var names = string.Join(", ", certificates.DnsNames.Concat(certificates.IpAddresses));
        output.WriteLine($"wrote {Path.Combine(directory, DevCertificateFiles.CaCertificate)} and {Path.Combine(directory, DevCertificateFiles.CaKey)}: the dev certificate authority, valid until {until}");
        output.WriteLine($"wrote {Path.Combine(directory, DevCertificateFiles.Certificate)} and {Path.Combine(directory, DevCertificateFiles.Key)}: the webhook serving certificate for {names}, valid until {until}");
        output.WriteLine("the keys are readable by you only; never commit them");
        output.WriteLine("caBundle (base64 of ca.crt, for clientConfig.caBundle in the webhook configurations):");
        output.WriteLine(certificates.CaBundle);
    }

    private static void WriteJson(TextWriter output, string directory, DevCertificateSet certificates) =>
        CacheJson.Write(output, new JsonObject
        {
            ["directory"] = directory,
            ["caCertificate"] = Path.Combine(directory, DevCertificateFiles.CaCertificate),
            ["caKey"] = Path.Combine(directory, DevCertificateFiles.CaKey),
            ["certificate"] = Path.Combine(directory, DevCertificateFiles.Certificate),
            ["key"] = Path.Combine(directory, DevCertificateFiles.Key),
            ["dnsNames"] = new JsonArray(certificates.DnsNames.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["ipAddresses"] = new JsonArray(certificates.IpAddresses.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()),
            ["notBefore"] = CacheJson.FormatTimestamp(certificates.NotBefore),
            ["notAfter"] = CacheJson.FormatTimestamp(certificates.NotAfter),
            ["caBundle"] = certificates.CaBundle,
        });

    [GeneratedRegex(@"^(\*\.)?[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex DnsNameRegex();
}
