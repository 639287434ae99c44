using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using Memoize.Cli.CacheInspection;
using Memoize.Core.Keys;

namespace Memoize.Cli.Commands;

/// <summary>The options every cache command shares, spelled as kubectl spells them, and the NAME argument's check.</summary>
public sealed partial class CacheCommandOptions
{
    private CacheCommandOptions(bool allNamespaces)
    {
        Namespace.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string?>();
            if (value is not null && !NamespaceRegex().IsMatch(value))
            {
                result.AddError(
                    $"invalid namespace \"{value}\": a namespace is at most 63 lowercase letters, digits and '-', "
                    + "starting and ending with a letter or digit, e.g. argo");
            }
        });
        if (allNamespaces)
        {
            AllNamespaces = new Option<bool>("--all-namespaces", "-A")
            {
                Description = "Look at cache ConfigMaps in every namespace (overrides --namespace).",
            };
        }
    }

    /// <summary><c>--kubeconfig PATH</c>.</summary>
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "The kubeconfig file to use (default: the files in KUBECONFIG, else ~/.kube/config; in a pod, its service account).",
        HelpName = "PATH",
    };

    /// <summary><c>--context NAME</c>.</summary>
    public Option<string?> Context { get; } = new("--context")
    {
        Description = "The kubeconfig context to use (default: current-context).",
        HelpName = "NAME",
    };

    /// <summary><c>-n, --namespace NS</c>.</summary>
    public Option<string?> Namespace { get; } = new("--namespace", "-n")
    {
        Description = "The namespace of the cache ConfigMaps (default: the context's namespace, else " + ClusterSelection.DefaultNamespace
            + ": Argo keeps its caches in the workflow controller's namespace, not the workflow's).",
        HelpName = "NS",
    };

    /// <summary><c>-A, --all-namespaces</c>; null for commands that work on one ConfigMap.</summary>
    public Option<bool>? AllNamespaces { get; }

    /// <summary><c>-o, --output text|json</c>.</summary>
    public Option<string> Output { get; } = CreateOutput();

    /// <summary>The options of a command that works on one namespace.</summary>
    public static CacheCommandOptions ForOneNamespace() => new(allNamespaces: false);

    /// <summary>The options of a command that may also look at every namespace (<c>-A</c>).</summary>
    public static CacheCommandOptions ForAnyNamespaces() => new(allNamespaces: true);

    /// <summary>The NAME argument: a ConfigMap name, checked as Kubernetes checks it.</summary>
    public static Argument<string> ConfigMapNameArgument()
    {
        var name = new Argument<string>("NAME") { Description = "The cache ConfigMap's name (memoize.cache.configMap.name)." };
        name.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !ConfigMapName.IsValid(value))
            {
                result.AddError(
                    $"invalid ConfigMap name \"{value}\": a ConfigMap name is at most {ConfigMapName.MaxLength} lowercase letters, digits, '-' and '.', "
                    + $"starting and ending with a letter or digit, e.g. \"{ConfigMapName.SuggestFix(value)}\"");
            }
        });
        return name;
    }

    /// <summary>Adds these options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Namespace);
        if (AllNamespaces is not null)
        {
            command.Options.Add(AllNamespaces);
        }

        command.Options.Add(Output);
        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
    }

    /// <summary>The connection flags as given.</summary>
    public ClusterSelection Selection(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        return new ClusterSelection(parseResult.GetValue(Kubeconfig), parseResult.GetValue(Context), parseResult.GetValue(Namespace));
    }

    /// <summary>True when <c>-A</c> was given.</summary>
    public bool IsAllNamespaces(ParseResult parseResult) => AllNamespaces is not null && parseResult.GetValue(AllNamespaces);

    /// <summary>True when <c>-o json</c> was given.</summary>
    public bool IsJson(ParseResult parseResult) => parseResult.GetValue(Output) == "json";

    private static Option<string> CreateOutput()
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Output format: text for people, json for machines.",
            HelpName = "text|json",
            DefaultValueFactory = _ => "text",
        };
        output.AcceptOnlyFromAmong("text", "json");
        return output;
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\z", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceRegex();
}
