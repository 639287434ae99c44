using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Core.Workflows;
using Memoize.Core.Objects;

namespace Memoize.Core.Templates;

/// <summary>
/// The variables a memoize block can use: the template's input parameters, the workflow's parameters and
/// Argo's run-time names, with the values that are already known when the object is linted.
/// </summary>
public sealed class VariableScope
{
    private const string InputParameterPrefix = "inputs.parameters.";
    private const string WorkflowParameterPrefix = "workflow.parameters.";

    // Argo's global workflow variables (docs/variables.md, "Global" and "Exit Handler").
    private static readonly HashSet<string> WorkflowGlobals = new(StringComparer.Ordinal)
    {
        "workflow.name", "workflow.namespace", "workflow.mainEntrypoint", "workflow.serviceAccountName", "workflow.uid",
        "workflow.parameters", "workflow.parameters.json", "workflow.annotations.json", "workflow.labels.json",
        "workflow.creationTimestamp", "workflow.priority", "workflow.duration", "workflow.scheduledTime",
        "workflow.status", "workflow.failures",
    };

    private static readonly string[] WorkflowGlobalPrefixes =
    [
        "workflow.annotations.", "workflow.labels.", "workflow.creationTimestamp.",
        "workflow.outputs.parameters.", "workflow.outputs.artifacts.",
    ];

    // Names Argo gives a node at run time; never known when linting.
    private static readonly HashSet<string> RunTimeNames = new(StringComparer.Ordinal)
    {
        "steps.name", "tasks.name", "node.name", "pod.name", "retries", "item", "inputs.parameters",
    };

    private static readonly string[] RunTimePrefixes = ["item.", "steps.", "tasks."];

    private readonly ArgoObject argoObject;
    private readonly Dictionary<string, string?>? inputParameters;
    private readonly IReadOnlyDictionary<string, string?> workflowParameters;
    private Dictionary<string, string>? knownValues;

    private VariableScope(ArgoObject argoObject, Dictionary<string, string?>? inputParameters, IReadOnlyDictionary<string, string?> workflowParameters)
    {
        this.argoObject = argoObject;
        this.inputParameters = inputParameters;
        this.workflowParameters = workflowParameters;
    }

    /// <summary>The variables whose value is already known, keyed by variable name (for <see cref="TemplateSubstitution"/>).</summary>
    public IReadOnlyDictionary<string, string> KnownValues => knownValues ??= BuildKnownValues();

    /// <summary>
    /// The scope of a memoize block carried by <paramref name="template"/>. For templateDefaults
    /// (<paramref name="isTemplateDefaults"/>) input parameters differ per template, so any of them resolves, value unknown.
    /// </summary>
    public static VariableScope For(ArgoObject argoObject, JsonObject template, bool isTemplateDefaults)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        ArgumentNullException.ThrowIfNull(template);
        return For(argoObject, template, isTemplateDefaults, WorkflowParametersOf(argoObject));
    }

    /// <summary>The same, with the workflow's parameters already read by <see cref="WorkflowParametersOf"/> (once per object, not per block).</summary>
    internal static VariableScope For(ArgoObject argoObject, JsonObject template, bool isTemplateDefaults, IReadOnlyDictionary<string, string?> workflowParameters)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        ArgumentNullException.ThrowIfNull(template);
        var inputs = isTemplateDefaults ? null : ParametersOf(JsonFields.At(template, "inputs", "parameters"), useDefault: true);
        return new VariableScope(argoObject, inputs, workflowParameters);
    }

    /// <summary>The workflow's declared parameters (spec.arguments.parameters) by name, with their values when known now.</summary>
    internal static IReadOnlyDictionary<string, string?> WorkflowParametersOf(ArgoObject argoObject) =>
        ParametersOf(JsonFields.At(argoObject.WorkflowSpec, "arguments", "parameters"), useDefault: false);

    /// <summary>How <paramref name="name"/> (a tag's trimmed inner name) resolves here.</summary>
    public VariableResolution Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith(InputParameterPrefix, StringComparison.Ordinal))
        {
            var parameter = name[InputParameterPrefix.Length..];
            if (inputParameters is null)
            {
                return new VariableResolution(name, VariableStatus.Unknown, null);
            }

            return inputParameters.TryGetValue(parameter, out var value)
                ? Resolved(name, value)
                : new VariableResolution(name, VariableStatus.UndeclaredInputParameter, null);
        }

        if (name.StartsWith(WorkflowParameterPrefix, StringComparison.Ordinal))
        {
            var parameter = name[WorkflowParameterPrefix.Length..];
            if (workflowParameters.TryGetValue(parameter, out var value))
            {
                return Resolved(name, value);
            }

            if (WorkflowGlobals.Contains(name))
            {
                return new VariableResolution(name, VariableStatus.Unknown, null);
            }

            return new VariableResolution(
                name,
                argoObject.IsTemplate ? VariableStatus.GivenAtSubmission : VariableStatus.UndeclaredWorkflowParameter,
                null);
        }

        var isRunTime = WorkflowGlobals.Contains(name)
            || RunTimeNames.Contains(name)
            || WorkflowGlobalPrefixes.Any(prefix => HasPrefixAndMore(name, prefix))
            || RunTimePrefixes.Any(prefix => HasPrefixAndMore(name, prefix));
        return new VariableResolution(name, isRunTime ? VariableStatus.Unknown : VariableStatus.UnknownVariable, null);
    }

    private Dictionary<string, string> BuildKnownValues()
    {
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in inputParameters ?? [])
        {
            if (value is not null)
            {
                known[InputParameterPrefix + name] = value;
            }
        }

        foreach (var (name, value) in workflowParameters)
        {
            if (value is not null)
            {
                known[WorkflowParameterPrefix + name] = value;
            }
        }

        return known;
    }

    private static bool HasPrefixAndMore(string name, string prefix) =>
        name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal);

    private static VariableResolution Resolved(string name, string? value) =>
        value is null
            ? new VariableResolution(name, VariableStatus.Unknown, null)
            : new VariableResolution(name, VariableStatus.Known, value);

    /// <summary>Declared parameters by name, each with its value when it is a literal known now (else null).</summary>
    private static Dictionary<string, string?> ParametersOf(JsonNode? parameters, bool useDefault)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (parameters is not JsonArray list)
        {
            return result;
        }

        foreach (var item in list)
        {
            if (item is not JsonObject parameter || parameter["name"] is not JsonValue nameValue
                || !nameValue.TryGetValue<string>(out var name) || name.Length == 0)
            {
                continue;
            }

            var value = LiteralOf(parameter["value"]) ?? (useDefault ? LiteralOf(parameter["default"]) : null);
            // A parameter fed from elsewhere (valueFrom) is only known at run time, whatever it says.
            if (parameter["valueFrom"] is not null && parameter["value"] is null)
            {
                value = null;
            }

            result.TryAdd(name, value);
        }

        return result;
    }

    /// <summary>A parameter value known now: a string without tags, or a number or boolean (Argo reads those as strings).</summary>
    private static string? LiteralOf(JsonNode? node)
    {
        if (node is not JsonValue value)
        {
            return null;
        }

        var text = value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        };
        return text is not null && !TemplateText.HasTags(text) ? text : null;
    }
}
