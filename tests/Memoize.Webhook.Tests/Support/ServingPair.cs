using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Memoize.Webhook.Tests.Support;

/// <summary>A certificate and key in PEM, and what identifies the certificate.</summary>
public sealed record ServingPair(string CertificatePem, string KeyPem, string Thumbprint, DateTimeOffset NotAfter);
