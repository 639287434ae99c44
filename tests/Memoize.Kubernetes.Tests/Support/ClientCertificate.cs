using System.Security.Cryptography.X509Certificates;
using Memoize.Testing.Tls;

namespace Memoize.Kubernetes.Tests.Support;

/// <summary>A client certificate (group system:masters) with the PEM texts a kubeconfig carries: PKCS#1 for RSA keys, SEC1 for EC keys.</summary>
internal sealed record ClientCertificate(X509Certificate2 Certificate, string CertificatePem, string KeyPem)
{
    /// <summary>Issues a client certificate for user <paramref name="commonName"/> from <paramref name="authority"/>.</summary>
    public static ClientCertificate Issue(TestCertificateAuthority authority, string commonName, bool rsa = false)
    {
        var certificate = authority.IssueClientCertificate(commonName, "system:masters", rsa);
        string keyPem;
        if (rsa)
        {
            using var key = certificate.GetRSAPrivateKey()!;
            keyPem = key.ExportRSAPrivateKeyPem();
        }
        else
        {
            using var key = certificate.GetECDsaPrivateKey()!;
            keyPem = key.ExportECPrivateKeyPem();
        }

        return new ClientCertificate(certificate, certificate.ExportCertificatePem(), keyPem);
    }
}
