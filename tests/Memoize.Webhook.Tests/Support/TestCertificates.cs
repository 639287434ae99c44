using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Memoize.Webhook.Tests.Support;

/// <summary>A throwaway CA made in memory at test time, issuing serving certificates for 127.0.0.1 (no key is ever committed).</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private int _serial = 1;

    public TestCertificates()
    {
        var request = new CertificateRequest("CN=memoize test CA", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public X509Certificate2 Authority { get; }

    /// <summary>A serving certificate for 127.0.0.1, localhost and the in-cluster service name, as PEM text, with its SHA-256 thumbprint.</summary>
    public ServingPair Issue(string commonName, int validDays = 10)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        names.AddDnsName("memoize-webhook.memoize-system.svc");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var notAfter = DateTimeOffset.UtcNow.AddDays(validDays);
        notAfter = new DateTimeOffset(notAfter.Year, notAfter.Month, notAfter.Day, notAfter.Hour, notAfter.Minute, notAfter.Second, TimeSpan.Zero);
        using var certificate = request.Create(Authority, DateTimeOffset.UtcNow.AddMinutes(-5), notAfter, BitConverter.GetBytes(++_serial));
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

    public void Dispose()
    {
        Authority.Dispose();
        _caKey.Dispose();
    }
}
