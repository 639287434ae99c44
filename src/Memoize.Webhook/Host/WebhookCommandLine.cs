using System.Collections;
using System.Globalization;
using System.Net;
using Memoize.Core.Cache;

namespace Memoize.Webhook.Host;

/// <summary>Reads <see cref="WebhookOptions"/> from flags (<c>--name value</c> or <c>--name=value</c>) and environment variables (<c>MEMOIZE_WEBHOOK_NAME</c>); flags win.</summary>
public static class WebhookCommandLine
{
    /// <summary>The help text.</summary>
    public const string Usage = """
        Usage: memoize-webhook [flags]

        The admission webhook of memoize: validates memoize blocks of Argo Workflows objects, labels cache
        ConfigMaps and warns about missing RBAC. Every flag can also be set with an environment variable
        (MEMOIZE_WEBHOOK_ and the flag name in capitals, e.g. MEMOIZE_WEBHOOK_CACHE_NAMESPACE=argo).

          --admission-address HOST:PORT     HTTPS admission endpoint (default 127.0.0.1:8443)
          --health-address HOST:PORT        plain-HTTP /healthz, /readyz, /metrics (default 127.0.0.1:8080)
          --tls-cert-file PATH              serving certificate, PEM (reloaded when it changes)
          --tls-key-file PATH               its private key, PEM
          --controller-service-account USER the Argo controller's user (default system:serviceaccount:argo:argo)
          --cache-namespace NAME            the Argo controller's namespace, where caches live (default argo)
          --cache-namespace-mode MODE       controller (Argo's behaviour, default) or workflow
          --cache-gc[=true|false]           cache GC is on: the controller also needs delete (default false)
          --kubeconfig PATH                 the cluster to use (default: in-cluster, else $KUBECONFIG, else
                                            ~/.kube/config; none found: RBAC hints and the cache index are off)
          --context NAME                    the kubeconfig context to use (default: its current-context)
          --dev                             generate a self-signed development certificate; no cluster unless
                                            --kubeconfig or --context is given
          --help                            show this help
        """;

    private static readonly string[] ValueFlags =
    [
        "admission-address", "health-address", "tls-cert-file", "tls-key-file",
        "controller-service-account", "cache-namespace", "cache-namespace-mode", "kubeconfig", "context",
    ];

    private static readonly string[] SwitchFlags = ["cache-gc", "dev"];

    /// <summary>Parses <paramref name="args"/> over <paramref name="environment"/>; the result has options, or an error to print, or asks for help.</summary>
    public static WebhookCommandLineResult Parse(IReadOnlyList<string> args, IDictionary environment)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var flag in ValueFlags.Concat(SwitchFlags))
        {
            var variable = "MEMOIZE_WEBHOOK_" + flag.Replace('-', '_').ToUpperInvariant();
            if (environment[variable] is string value && value.Length > 0)
            {
                values[flag] = value;
            }
        }

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return new WebhookCommandLineResult(null, null, ShowHelp: true);
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                return Error($"unexpected argument \"{arg}\": flags start with --; see --help");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            if (SwitchFlags.Contains(name))
            {
                values[name] = equals < 0 ? "true" : arg[(equals + 1)..];
            }
            else if (ValueFlags.Contains(name))
            {
                if (equals >= 0)
                {
                    values[name] = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    values[name] = args[++i];
                }
                else
                {
                    return Error($"--{name} needs a value; see --help");
                }
            }
            else
            {
                return Error($"unknown flag --{name}; see --help for the flags");
            }
        }

        return Build(values);
    }

    private static WebhookCommandLineResult Build(Dictionary<string, string> values)
    {
        var options = new WebhookOptions();
        foreach (var (name, value) in values)
        {
            switch (name)
            {
                case "admission-address" or "health-address":
                    if (!TryParseEndpoint(value, out var endpoint))
                    {
                        var port = name == "admission-address" ? 8443 : 8080;
                        return Error($"--{name} \"{value}\" is not HOST:PORT; use e.g. 127.0.0.1:{port} or 0.0.0.0:{port}");
                    }

                    options = name == "admission-address" ? options with { AdmissionEndpoint = endpoint } : options with { HealthEndpoint = endpoint };
                    break;
                case "tls-cert-file":
                    options = options with { TlsCertFile = value };
                    break;
                case "tls-key-file":
                    options = options with { TlsKeyFile = value };
                    break;
                case "kubeconfig":
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        return Error("--kubeconfig needs the path of a kubeconfig file, e.g. --kubeconfig ~/.kube/config");
                    }

                    options = options with { Kubeconfig = value };
                    break;
                case "context":
                    if (string.IsNullOrWhiteSpace(value))
                    {
                        return Error("--context needs the name of a kubeconfig context, e.g. --context kind-dev");
                    }

                    options = options with { Context = value };
                    break;
                case "controller-service-account":
                    options = options with { ControllerServiceAccount = value };
                    break;
                case "cache-namespace":
                    options = options with { CacheNamespace = value };
                    break;
                case "cache-namespace-mode":
                    if (value is not ("controller" or "workflow"))
                    {
                        return Error($"--cache-namespace-mode \"{value}\" is not known; use controller (caches in the Argo controller's namespace, as Argo does) or workflow");
                    }

                    options = options with { CacheNamespaceMode = value == "workflow" ? CacheNamespaceMode.Workflow : CacheNamespaceMode.Controller };
                    break;
                case "cache-gc" or "dev":
                    if (!bool.TryParse(value, out var on))
                    {
                        return Error($"--{name} \"{value}\" is not true or false");
                    }

                    options = name == "dev" ? options with { Dev = on } : options with { CacheGc = on };
                    break;
            }
        }

        if (!options.Dev && (options.TlsCertFile is null || options.TlsKeyFile is null))
        {
            return Error("--tls-cert-file and --tls-key-file are required (the mounted TLS Secret's tls.crt and tls.key); for local development use --dev, which generates a self-signed certificate");
        }

        return new WebhookCommandLineResult(options, null, ShowHelp: false);
    }

    /// <summary>Parses <c>host:port</c> with an IP address, <c>localhost</c>, <c>*</c> or nothing (any address), or <c>[::1]</c> as host.</summary>
    public static bool TryParseEndpoint(string text, out IPEndPoint endpoint)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            return false;
        }

        var host = text[..colon].Trim('[', ']');
        IPAddress? address = host switch
        {
            "localhost" => IPAddress.Loopback,
            "*" or "" => IPAddress.Any,
            _ => IPAddress.TryParse(host, out var parsed) ? parsed : null,
        };
        if (address is null)
        {
            return false;
        }

        endpoint = new IPEndPoint(address, port);
        return true;
    }

    private static WebhookCommandLineResult Error(string message) => new(null, message, ShowHelp: false);
}
