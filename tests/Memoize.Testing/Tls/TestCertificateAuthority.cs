using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Memoize.Testing.Tls;

/// <summary>
/// A throwaway certificate authority made in memory for one test run: it signs serving certificates (the API
/// emulator's, a webhook's, a loopback API server's) and client certificates. Nothing is written to disk.
/// </summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private TestCertificateAuthority(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    /// <summary>The CA certificate, with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The CA certificate in PEM, as a kubeconfig or a webhook caBundle carries it.</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Creates a new CA (ECDSA P-256, valid from a day ago for thirty days, so it can sign certificates that live for weeks).</summary>
    public static TestCertificateAuthority Create(string commonName = "memoize test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        return new TestCertificateAuthority(Reload(certificate));
    }

    /// <summary>
    /// Issues a serving certificate for <paramref name="hostNames"/> (DNS names and IP addresses, all put in the
    /// subject alternative names; the first is the common name), valid for a day, with its private key, ready for Kestrel.
    /// </summary>
    public X509Certificate2 IssueServerCertificate(params string[] hostNames)
    {
        if (hostNames.Length == 0)
        {
            throw new ArgumentException("Give at least one DNS name or IP address for the certificate.", nameof(hostNames));
        }
        var now = DateTimeOffset.UtcNow;
        return IssueServerCertificate(hostNames[0], hostNames, now.AddHours(-1), now.AddDays(1));
    }

    /// <summary>Issues a serving certificate named <paramref name="commonName"/> for <paramref name="hostNames"/>, valid between the given instants.</summary>
    public X509Certificate2 IssueServerCertificate(string commonName, IReadOnlyList<string> hostNames, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
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
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        using var issued = request.Create(Certificate, notBefore, notAfter, NewSerial());
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    /// <summary>
    /// Issues a client certificate for user <paramref name="commonName"/> in group <paramref name="organization"/>
    /// (the subject's O, as kube-apiserver reads groups), with an ECDSA P-256 key or an RSA 2048 one, valid for a day.
    /// </summary>
    public X509Certificate2 IssueClientCertificate(string commonName, string organization, bool rsa = false)
    {
        var subject = $"CN={commonName}, O={organization}";
        var now = DateTimeOffset.UtcNow;
        if (rsa)
        {
            using var rsaKey = RSA.Create(2048);
            var rsaRequest = new CertificateRequest(subject, rsaKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            AddClientExtensions(rsaRequest);
            // The CA's key is ECDSA, so an RSA request is signed through an explicit ECDSA signature generator.
            using var caKey = Certificate.GetECDsaPrivateKey()!;
            using var rsaIssued = rsaRequest.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(caKey), now.AddHours(-1), now.AddDays(1), NewSerial());
            using var rsaWithKey = rsaIssued.CopyWithPrivateKey(rsaKey);
            return Reload(rsaWithKey);
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddClientExtensions(request);
        using var issued = request.Create(Certificate, now.AddHours(-1), now.AddDays(1), NewSerial());
        using var withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    /// <summary>Disposes the CA certificate.</summary>
    public void Dispose() => Certificate.Dispose();

    private void AddClientExtensions(CertificateRequest request)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ClientAuthOid)], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
    }

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        return serial;
    }

    // Windows' TLS stack cannot use an ephemeral key, so there the certificate goes through PKCS#12; elsewhere that
    // slow round trip (key derivation) is skipped.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        OperatingSystem.IsWindows()
            ? X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable)
            : CopyOf(certificate);

    private static X509Certificate2 CopyOf(X509Certificate2 certificate)
    {
        using var publicOnly = X509CertificateLoader.LoadCertificate(certificate.RawData);
        if (certificate.GetRSAPrivateKey() is { } rsa)
        {
            using (rsa)
            {
                return publicOnly.CopyWithPrivateKey(rsa);
            }
        }
        using var key = certificate.GetECDsaPrivateKey()!;
        return publicOnly.CopyWithPrivateKey(key);
    }
}
