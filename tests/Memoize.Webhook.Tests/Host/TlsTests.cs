using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using Memoize.Webhook.Tests.Support;

namespace Memoize.Webhook.Tests.Host;

public sealed class TlsTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Admission_is_served_over_TLS_1_2_and_1_3(SslProtocols protocol)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Server.AdmissionUri.Port);
        await using var tls = new SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            EnabledSslProtocols = protocol,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => fixture.Server.Certificates.Validate(certificate, errors),
        });
        Assert.Equal(protocol, tls.SslProtocol);
    }

    [Fact]
    public async Task Plain_http_on_the_admission_port_gets_no_answer()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{fixture.Server.AdmissionUri.Port}"), Timeout = Deadline.Default };
        await Assert.ThrowsAsync<HttpRequestException>(() => client.PostAsync("/validate", new StringContent("{}", System.Text.Encoding.UTF8, "application/json")));
    }
}
