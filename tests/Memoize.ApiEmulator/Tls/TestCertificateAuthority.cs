using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Memoize.ApiEmulator.Tls;

/// <summary>
/// A throwaway certificate authority made in memory for one test run: it signs the emulator's serving certificate
/// and any webhook server a test starts. Nothing is written to disk.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private TestCertificateAuthority(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate in PEM, as a kubeconfig or a webhook caBundle carries it.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Creates a new CA (ECDSA P-256, valid for two days).</summary>
    public static TestCertificateAuthority Create(string commonName = "memoize test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddHours(-1), now.AddDays(2));
        return new TestCertificateAuthority(Reload(certificate));
    }

    /// <summary>
    /// Issues a serving certificate for <paramref name="hostNames"/> (DNS names and IP addresses, all put in the
    /// subject alternative names), with its private key, ready for Kestrel.
    /// </summary>
    public X509Certificate2 IssueServerCertificate(params string[] hostNames)
    {
        if (hostNames.Length == 0)
        {
            throw new ArgumentException("Give at least one DNS name or IP address for the certificate.", nameof(hostNames));
        }
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostNames[0]}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hostNames)
        {
            if (IPAddress.TryParse(host, out var ip))
            {
                names.AddIpAddress(ip);
            }
            else
            {
                names.AddDnsName(host);
            }
        }
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(Certificate, now.AddHours(-1), now.AddDays(1), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    /// <summary>Disposes the CA certificate.</summary>
    public void Dispose() => Certificate.Dispose();

    // Windows' TLS stack cannot use an ephemeral key, so there the certificate goes through PKCS#12; elsewhere that
    // slow round trip (key derivation) is skipped.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        OperatingSystem.IsWindows()
            ? X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable)
            : CopyOf(certificate);

    private static X509Certificate2 CopyOf(X509Certificate2 certificate)
    {
        using var key = certificate.GetECDsaPrivateKey()!;
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        return publicOnly.CopyWithPrivateKey(key);
    }
}
