using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Memoize.Cli.Certificates;

namespace Memoize.Cli.Tests.Certificates;

public class DevCertificateAuthorityTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    private static readonly DevCertificateSet Issued = DevCertificateAuthority.Issue(
        DevCertificateAuthority.DefaultDnsNames, [IPAddress.Loopback], 30, Now);

    [Fact]
    public void The_serving_certificate_chains_to_the_dev_ca_alone_while_valid_and_not_after()
    {
        using var ca = X509Certificate2.CreateFromPem(Issued.CaCertificatePem);
        using var certificate = X509Certificate2.CreateFromPem(Issued.CertificatePem);

        Assert.True(Chain(ca, certificate, Now.AddDays(29)), "the chain must validate while the certificates are valid");
        Assert.False(Chain(ca, certificate, Now.AddDays(31)), "the chain must not validate after --days");
        using var stranger = X509Certificate2.CreateFromPem(DevCertificateAuthority.Issue(["x"], [], 30, Now).CaCertificatePem);
        Assert.False(Chain(stranger, certificate, Now), "another CA must not validate it");
    }

    [Fact]
    public void The_serving_certificate_names_the_webhook_service_and_is_for_server_authentication_only()
    {
        using var certificate = X509Certificate2.CreateFromPem(Issued.CertificatePem);

        var names = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(
            ["memoize-webhook", "memoize-webhook.memoize-system", "memoize-webhook.memoize-system.svc", "localhost"],
            names.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback], names.EnumerateIPAddresses());
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages;
        Assert.Equal([DevCertificateAuthority.ServerAuthOid], usages.Cast<System.Security.Cryptography.Oid>().Select(oid => oid.Value));
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, certificate.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.False(certificate.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal((Now.AddMinutes(-5), Now.AddDays(30)), (new DateTimeOffset(certificate.NotBefore), new DateTimeOffset(certificate.NotAfter)));
    }

    [Fact]
    public void The_ca_may_sign_certificates_and_the_ca_bundle_is_the_base64_of_its_pem()
    {
        using var ca = X509Certificate2.CreateFromPem(Issued.CaCertificatePem);

        Assert.True(ca.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, ca.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal(Issued.CaCertificatePem, System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(Issued.CaBundle)));
    }

    [Fact]
    public async Task A_tls_client_trusting_only_the_ca_completes_a_handshake_with_the_serving_certificate()
    {
        // A handshake needs the certificates to be valid now, so issue a set for the real clock.
        var live = DevCertificateAuthority.Issue(DevCertificateAuthority.DefaultDnsNames, [IPAddress.Loopback], 1, DateTimeOffset.UtcNow);
        using var ca = X509Certificate2.CreateFromPem(live.CaCertificatePem);
        using var serving = X509Certificate2.CreateFromPem(live.CertificatePem, live.KeyPem);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var server = Task.Run(async () =>
            {
                using var accepted = await listener.AcceptTcpClientAsync(deadline.Token);
                await using var tls = new SslStream(accepted.GetStream());
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = serving }, deadline.Token);
                await tls.WriteAsync("ok"u8.ToArray(), deadline.Token);
            });

            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, deadline.Token);
            await using var stream = new SslStream(client.GetStream());
            var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
            policy.CustomTrustStore.Add(ca);
            await stream.AuthenticateAsClientAsync(
                new SslClientAuthenticationOptions { TargetHost = "memoize-webhook.memoize-system.svc", CertificateChainPolicy = policy },
                deadline.Token);
            var buffer = new byte[2];
            await stream.ReadExactlyAsync(buffer, deadline.Token);
            await server;
            Assert.Equal("ok", System.Text.Encoding.ASCII.GetString(buffer));
        }
        finally
        {
            listener.Stop();
        }
    }

    private static bool Chain(X509Certificate2 ca, X509Certificate2 certificate, DateTimeOffset at)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(DevCertificateAuthority.ServerAuthOid));
        return chain.Build(certificate);
    }
}
