using System.Text.Json;
using System.Text.Json.Nodes;
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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> WorkflowGlobalNames = WorkflowGlobals.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> RunTimeNameSet = RunTimeNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly bool isTemplate;
    // The template's inputs.parameters as written; null for templateDefaults, where any input parameter resolves.
    private readonly JsonElement? inputParameters;
    private readonly bool anyInputParameter;
    private readonly Dictionary<string, string?> workflowParameters;

    private VariableScope(bool isTemplate, JsonElement? inputParameters, bool anyInputParameter, Dictionary<string, string?> workflowParameters)
    {
        this.isTemplate = isTemplate;
        this.inputParameters = inputParameters;
        this.anyInputParameter = anyInputParameter;
        this.workflowParameters = workflowParameters;
    }

    /// <summary>The variables whose value is already known, keyed by variable name (for <see cref="TemplateSubstitution"/>).</summary>
    public IReadOnlyDictionary<string, string> KnownValues => BuildKnownValues();

    /// <summary>
    /// The scope of a memoize block carried by <paramref name="template"/>. For templateDefaults
    /// (<paramref name="isTemplateDefaults"/>) input parameters differ per template, so any of them resolves, value unknown.
    /// </summary>
    public static VariableScope For(ArgoObject argoObject, JsonObject template, bool isTemplateDefaults)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        ArgumentNullException.ThrowIfNull(template);
        var readOnly = ReadOnlyArgoObject.From(argoObject);
        return For(readOnly, JsonSerializer.SerializeToElement(template), isTemplateDefaults, WorkflowParametersOf(readOnly));
    }

    /// <summary>The same over read-only JSON, with the workflow's parameters already read by <see cref="WorkflowParametersOf"/> (once per object, not per block).</summary>
    internal static VariableScope For(ReadOnlyArgoObject argoObject, JsonElement template, bool isTemplateDefaults, Dictionary<string, string?> workflowParameters)
    {
        var inputs = isTemplateDefaults ? null : JsonProperties.Get(JsonProperties.Get(template, "inputs"u8), "parameters"u8);
        return new VariableScope(argoObject.IsTemplate, inputs, isTemplateDefaults, workflowParameters);
    }

    /// <summary>The workflow's declared parameters (spec.arguments.parameters) by name, with their values when known now.</summary>
    internal static Dictionary<string, string?> WorkflowParametersOf(ReadOnlyArgoObject argoObject)
    {
        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (JsonProperties.Get(JsonProperties.Get(argoObject.WorkflowSpec, "arguments"u8), "parameters"u8) is not { ValueKind: JsonValueKind.Array } list)
        {
            return result;
        }

        foreach (var parameter in list.EnumerateArray())
        {
            if (JsonProperties.NonEmptyString(parameter, "name"u8) is { } name)
            {
                result.TryAdd(name, ValueOf(parameter, useDefault: false));
            }
        }

        return result;
    }

    /// <summary>How <paramref name="name"/> (a tag's trimmed inner name) resolves here.</summary>
    public VariableResolution Resolve(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var status = Resolve(name, out var value);
        return new VariableResolution(name, status, value);
    }

    /// <summary>The same without building the resolution: the status, and the value when it is known.</summary>
    internal VariableStatus Resolve(ReadOnlySpan<char> name, out string? value)
    {
        value = null;
        if (name.StartsWith(InputParameterPrefix, StringComparison.Ordinal))
        {
            if (anyInputParameter)
            {
                return VariableStatus.Unknown;
            }

            return FindInputParameter(name[InputParameterPrefix.Length..], out var parameter)
                ? Resolved(value = ValueOf(parameter, useDefault: true))
                : VariableStatus.UndeclaredInputParameter;
        }

        if (name.StartsWith(WorkflowParameterPrefix, StringComparison.Ordinal))
        {
            if (workflowParameters.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name[WorkflowParameterPrefix.Length..], out var known))
            {
                return Resolved(value = known);
            }

            if (WorkflowGlobalNames.Contains(name))
            {
                return VariableStatus.Unknown;
            }

            return isTemplate ? VariableStatus.GivenAtSubmission : VariableStatus.UndeclaredWorkflowParameter;
        }

        var isRunTime = WorkflowGlobalNames.Contains(name) || RunTimeNameSet.Contains(name) || HasAnyPrefixAndMore(name, WorkflowGlobalPrefixes) || HasAnyPrefixAndMore(name, RunTimePrefixes);
        return isRunTime ? VariableStatus.Unknown : VariableStatus.UnknownVariable;
    }

    // The first declared input parameter of that name, as a dictionary of them would keep it.
    private bool FindInputParameter(ReadOnlySpan<char> name, out JsonElement parameter)
    {
        parameter = default;
        if (name.Length == 0 || inputParameters is not { ValueKind: JsonValueKind.Array } list)
        {
            return false;
        }

        foreach (var item in list.EnumerateArray())
        {
            if (JsonProperties.Get(item, "name"u8) is { ValueKind: JsonValueKind.String } itemName && itemName.ValueEquals(name))
            {
                parameter = item;
                return true;
            }
        }

        return false;
    }

    private Dictionary<string, string> BuildKnownValues()
    {
        var inputs = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (inputParameters is { ValueKind: JsonValueKind.Array } list)
        {
            foreach (var parameter in list.EnumerateArray())
            {
                if (JsonProperties.NonEmptyString(parameter, "name"u8) is { } name)
                {
                    inputs.TryAdd(name, ValueOf(parameter, useDefault: true));
                }
            }
        }

        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in inputs)
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

    private static bool HasAnyPrefixAndMore(ReadOnlySpan<char> name, string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static VariableStatus Resolved(string? value) => value is null ? VariableStatus.Unknown : VariableStatus.Known;

    /// <summary>A declared parameter's value when it is a literal known now (else null).</summary>
    private static string? ValueOf(JsonElement parameter, bool useDefault)
    {
        var value = JsonProperties.Get(parameter, "value"u8);
        // A parameter fed from elsewhere (valueFrom) is only known at run time, whatever it says.
        if (value is null && JsonProperties.Get(parameter, "valueFrom"u8) is not null)
        {
            return null;
        }

        return LiteralOf(value) ?? (useDefault ? LiteralOf(JsonProperties.Get(parameter, "default"u8)) : null);
    }

    /// <summary>A parameter value known now: a string without tags, or a number or boolean (Argo reads those as strings).</summary>
    private static string? LiteralOf(JsonElement? node)
    {
        var text = node?.ValueKind switch
        {
            JsonValueKind.String => node.Value.GetString(),
            JsonValueKind.Number => node.Value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
        return text is not null && !TemplateText.HasTags(text) ? text : null;
    }
}
