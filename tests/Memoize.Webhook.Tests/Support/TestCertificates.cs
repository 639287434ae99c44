using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Memoize.Testing.Tls;

namespace Memoize.Webhook.Tests.Support;

/// <summary>
/// The webhook's serving certificates as its Secret volume holds them (PEM files), issued by a throwaway in-memory
/// CA for 127.0.0.1, localhost and the in-cluster service name (no key is ever committed).
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly string[] HostNames = ["127.0.0.1", "localhost", "memoize-webhook.memoize-system.svc"];
    private readonly TestCertificateAuthority _authority = TestCertificateAuthority.Create();

    /// <summary>The CA certificate, as a caBundle carries it.</summary>
    public X509Certificate2 Authority => _authority.Certificate;

    /// <summary>A serving certificate as PEM text, with its SHA-256 thumbprint; its expiry is whole seconds, as PEM dates are.</summary>
    public ServingPair Issue(string commonName, int validDays = 10)
    {
        var notAfter = DateTimeOffset.UtcNow.AddDays(validDays);
        notAfter = new DateTimeOffset(notAfter.Year, notAfter.Month, notAfter.Day, notAfter.Hour, notAfter.Minute, notAfter.Second, TimeSpan.Zero);
        using var certificate = _authority.IssueServerCertificate(commonName, HostNames, DateTimeOffset.UtcNow.AddMinutes(-5), notAfter);
        using var key = certificate.GetECDsaPrivateKey()!;
        return new ServingPair(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem(), certificate.GetCertHashString(HashAlgorithmName.SHA256), notAfter);
    }

    /// <summary>Validates a server certificate against this CA only (as kube-apiserver does with the caBundle).</summary>
    public bool Validate(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }

    /// <summary>Disposes the CA.</summary>
    public void Dispose() => _authority.Dispose();
}
