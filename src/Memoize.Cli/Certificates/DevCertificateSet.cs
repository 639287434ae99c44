namespace Memoize.Cli.Certificates;

/// <summary>A dev certificate authority and the webhook serving certificate it signed, as PEM text.</summary>
/// <param name="CaCertificatePem">The CA certificate (ca.crt).</param>
/// <param name="CaKeyPem">The CA's private key, PKCS#8 (ca.key).</param>
/// <param name="CertificatePem">The serving certificate (tls.crt).</param>
/// <param name="KeyPem">The serving certificate's private key, PKCS#8 (tls.key).</param>
/// <param name="DnsNames">The DNS names the serving certificate is valid for.</param>
/// <param name="IpAddresses">The IP addresses the serving certificate is valid for.</param>
/// <param name="NotBefore">Start of validity (a few minutes before issue, for clock skew).</param>
/// <param name="NotAfter">End of validity of both certificates.</param>
public sealed record DevCertificateSet(
    string CaCertificatePem,
    string CaKeyPem,
    string CertificatePem,
    string KeyPem,
    IReadOnlyList<string> DnsNames,
    IReadOnlyList<string> IpAddresses,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter)
{
    /// <summary>The base64 of ca.crt: the value for <c>clientConfig.caBundle</c> in the webhook configurations.</summary>
    public string CaBundle => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(CaCertificatePem));
}
