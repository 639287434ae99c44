using System.Collections;
using System.Net;
using Memoize.Core.Cache;
using Memoize.Webhook.Host;

namespace Memoize.Webhook.Tests.Host;

public sealed class WebhookCommandLineTests
{
    private static WebhookCommandLineResult Parse(string[] args, Hashtable? environment = null) => WebhookCommandLine.Parse(args, environment ?? []);

    [Fact]
    public void Dev_alone_gives_the_local_defaults()
    {
        var options = Parse(["--dev"]).Options!;
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8443), options.AdmissionEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), options.HealthEndpoint);
        Assert.Equal("system:serviceaccount:argo:argo", options.ControllerServiceAccount);
        Assert.Equal("argo", options.CacheNamespace);
        Assert.Equal(CacheNamespaceMode.Controller, options.CacheNamespaceMode);
        Assert.False(options.CacheGc);
        Assert.True(options.Dev);
    }

    [Fact]
    public void Every_flag_is_read_in_both_spellings()
    {
        var options = Parse([
            "--admission-address=0.0.0.0:9443", "--health-address", "[::1]:9090",
            "--tls-cert-file", "/etc/memoize/tls/tls.crt", "--tls-key-file=/etc/memoize/tls/tls.key",
            "--controller-service-account=system:serviceaccount:workflows:controller", "--cache-namespace", "workflows",
            "--cache-namespace-mode=workflow", "--cache-gc",
        ]).Options!;
        Assert.Equal(new IPEndPoint(IPAddress.Any, 9443), options.AdmissionEndpoint);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 9090), options.HealthEndpoint);
        Assert.Equal("/etc/memoize/tls/tls.crt", options.TlsCertFile);
        Assert.Equal("/etc/memoize/tls/tls.key", options.TlsKeyFile);
        Assert.Equal("system:serviceaccount:workflows:controller", options.ControllerServiceAccount);
        Assert.Equal("workflows", options.CacheNamespace);
        Assert.Equal(CacheNamespaceMode.Workflow, options.CacheNamespaceMode);
        Assert.True(options.CacheGc);
    }

    [Fact]
    public void Environment_variables_set_options_and_flags_win()
    {
        var environment = new Hashtable
        {
            ["MEMOIZE_WEBHOOK_DEV"] = "true",
            ["MEMOIZE_WEBHOOK_CACHE_NAMESPACE"] = "from-env",
            ["MEMOIZE_WEBHOOK_ADMISSION_ADDRESS"] = "127.0.0.1:7443",
            ["MEMOIZE_WEBHOOK_CACHE_GC"] = "true",
        };
        var options = Parse(["--cache-namespace", "from-flag"], environment).Options!;
        Assert.True(options.Dev);
        Assert.True(options.CacheGc);
        Assert.Equal("from-flag", options.CacheNamespace);
        Assert.Equal(7443, options.AdmissionEndpoint.Port);
    }

    [Theory]
    [InlineData(new[] { "--tls-cert-file", "a.crt" }, "--tls-cert-file and --tls-key-file are required (the mounted TLS Secret's tls.crt and tls.key); for local development use --dev, which generates a self-signed certificate")]
    [InlineData(new string[0], "--tls-cert-file and --tls-key-file are required (the mounted TLS Secret's tls.crt and tls.key); for local development use --dev, which generates a self-signed certificate")]
    [InlineData(new[] { "--dev", "--admission-address", "example.com:443" }, "--admission-address \"example.com:443\" is not HOST:PORT; use e.g. 127.0.0.1:8443 or 0.0.0.0:8443")]
    [InlineData(new[] { "--dev", "--health-address", "127.0.0.1" }, "--health-address \"127.0.0.1\" is not HOST:PORT; use e.g. 127.0.0.1:8080 or 0.0.0.0:8080")]
    [InlineData(new[] { "--dev", "--admission-address", "127.0.0.1:70000" }, "--admission-address \"127.0.0.1:70000\" is not HOST:PORT; use e.g. 127.0.0.1:8443 or 0.0.0.0:8443")]
    [InlineData(new[] { "--dev", "--cache-namespace-mode", "pod" }, "--cache-namespace-mode \"pod\" is not known; use controller (caches in the Argo controller's namespace, as Argo does) or workflow")]
    [InlineData(new[] { "--dev", "--cache-gc=yes" }, "--cache-gc \"yes\" is not true or false")]
    [InlineData(new[] { "--dev", "--port", "1" }, "unknown flag --port; see --help for the flags")]
    [InlineData(new[] { "--dev", "--cache-namespace" }, "--cache-namespace needs a value; see --help")]
    [InlineData(new[] { "serve" }, "unexpected argument \"serve\": flags start with --; see --help")]
    public void Bad_flags_say_what_is_wrong_and_how_to_fix_it(string[] args, string error)
    {
        var result = Parse(args);
        Assert.Null(result.Options);
        Assert.Equal(error, result.Error);
    }

    [Fact]
    public void Help_is_asked_for()
    {
        Assert.True(Parse(["--help"]).ShowHelp);
        Assert.Contains("--cache-namespace-mode MODE", WebhookCommandLine.Usage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(":8443", "0.0.0.0", 8443)]
    [InlineData("*:8443", "0.0.0.0", 8443)]
    [InlineData("localhost:8080", "127.0.0.1", 8080)]
    [InlineData("[::]:8443", "::", 8443)]
    public void Addresses_accept_the_usual_host_spellings(string text, string address, int port)
    {
        Assert.True(WebhookCommandLine.TryParseEndpoint(text, out var endpoint));
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), endpoint);
    }
}
