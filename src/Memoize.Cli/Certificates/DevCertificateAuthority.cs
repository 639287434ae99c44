using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Memoize.Cli.Certificates;

/// <summary>
/// Issues a throw-away certificate authority and a serving certificate for the webhook, for development and tests:
/// ECDSA P-256 keys, SHA-256 signatures, the serving certificate limited to serverAuth. No openssl needed.
/// </summary>
public static class DevCertificateAuthority
{
    /// <summary>The DNS names used when none are given: the webhook Service's names in every short form, and localhost.</summary>
    public static IReadOnlyList<string> DefaultDnsNames { get; } =
        ["memoize-webhook", "memoize-webhook.memoize-system", "memoize-webhook.memoize-system.svc", "localhost"];

    /// <summary>The IP addresses used when none are given.</summary>
    public static IReadOnlyList<string> DefaultIpAddresses { get; } = ["127.0.0.1"];

    /// <summary>The extended key usage OID for TLS server authentication.</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    // A little slack so a certificate made now is valid on a machine whose clock is slightly behind.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Issues the CA and the serving certificate, both valid from just before <paramref name="now"/> for <paramref name="days"/> days.</summary>
    /// <param name="dnsNames">The serving certificate's DNS names (at least one name or address in total).</param>
    /// <param name="ipAddresses">The serving certificate's IP addresses.</param>
    /// <param name="days">How many days both certificates are valid.</param>
    /// <param name="now">The time of issue.</param>
    public static DevCertificateSet Issue(IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> ipAddresses, int days, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(dnsNames);
        ArgumentNullException.ThrowIfNull(ipAddresses);
        if (dnsNames.Count + ipAddresses.Count == 0)
        {
            throw new ArgumentException("a serving certificate needs at least one DNS name or IP address", nameof(dnsNames));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var notBefore = now - ClockSkew;
        var notAfter = now.AddDays(days);

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=memoize dev CA, O=memoize", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(notBefore, notAfter);

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedName($"CN={(dnsNames.Count > 0 ? dnsNames[0] : ipAddresses[0].ToString())}");
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthOid)], false));
        var names = new SubjectAlternativeNameBuilder();
        foreach (var dnsName in dnsNames)
        {
            names.AddDnsName(dnsName);
        }

        foreach (var address in ipAddresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));

        // A random positive 127-bit serial, as RFC 5280 recommends.
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(ca, notBefore, notAfter, serial);

        return new DevCertificateSet(
            ca.ExportCertificatePem() + "\n",
            caKey.ExportPkcs8PrivateKeyPem() + "\n",
            certificate.ExportCertificatePem() + "\n",
            key.ExportPkcs8PrivateKeyPem() + "\n",
            dnsNames.ToList(),
            ipAddresses.Select(address => address.ToString()).ToList(),
            notBefore,
            notAfter);
    }
}
