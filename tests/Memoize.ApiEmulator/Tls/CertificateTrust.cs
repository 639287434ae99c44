using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Memoize.ApiEmulator.Tls;

/// <summary>
/// Checks a server certificate the way a Go TLS client does against a given CA bundle: chain to one of the roots,
/// then the host name against the subject alternative names. Failures read like Go's x509 errors.
/// </summary>
public static class CertificateTrust
{
    /// <summary>Reads every certificate in a PEM bundle.</summary>
    public static X509Certificate2Collection ParsePem(string pem)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(pem);
        return roots;
    }

    /// <summary>
    /// Returns null when <paramref name="certificate"/> chains to <paramref name="roots"/> and is valid for
    /// <paramref name="host"/>; otherwise Go's error text (<c>x509: certificate signed by unknown authority</c>, ...).
    /// </summary>
    public static string? Verify(X509Certificate2 certificate, X509Certificate2Collection roots, string host)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (!chain.Build(certificate))
        {
            var expired = chain.ChainStatus.Any(s => s.Status.HasFlag(X509ChainStatusFlags.NotTimeValid));
            return expired
                ? "x509: certificate has expired or is not yet valid"
                : "x509: certificate signed by unknown authority";
        }
        if (!certificate.MatchesHostname(host, allowWildcards: true, allowCommonName: false))
        {
            var isIp = IPAddress.TryParse(host, out _);
            var valid = SubjectAlternativeNames(certificate, ips: isIp);
            if (isIp && valid.Count == 0)
            {
                return $"x509: cannot validate certificate for {host} because it doesn't contain any IP SANs";
            }
            return valid.Count == 0
                ? $"x509: certificate is not valid for any names, but wanted to match {host}"
                : $"x509: certificate is valid for {string.Join(", ", valid)}, not {host}";
        }
        return null;
    }

    /// <summary>
    /// A certificate validation callback for <see cref="System.Net.Http.SocketsHttpHandler"/> that trusts only
    /// <paramref name="caPem"/> (and still checks the host name).
    /// </summary>
    public static System.Net.Security.RemoteCertificateValidationCallback TrustOnly(string caPem)
    {
        var roots = ParsePem(caPem);
        return (_, certificate, _, errors) =>
        {
            if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                return false;
            }
            using var server = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(roots);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(server);
        };
    }

    private static List<string> SubjectAlternativeNames(X509Certificate2 certificate, bool ips)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null)
        {
            return [];
        }
        return ips
            ? extension.EnumerateIPAddresses().Select(a => a.ToString()).ToList()
            : extension.EnumerateDnsNames().ToList();
    }
}
