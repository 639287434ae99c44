using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Core.Objects;
using Memoize.Core.Templates;

namespace Memoize.Core.Rules;

/// <summary>What every memoize rule looks at: one memoize field of an Argo object, its template and its variable scope.</summary>
public sealed class MemoizeBlockContext
{
    // Analyzed on first use; the rules run one after the other on one thread, so no locking.
    private TemplatedField? key;
    private TemplatedField? maxAge;
    private TemplatedField? cacheName;
    private bool keyRead;
    private bool maxAgeRead;
    private bool cacheNameRead;
    private string? keyPath;
    private string? maxAgePath;
    private string? cacheNamePath;

    /// <summary>Creates the context of the memoize field <paramref name="node"/> found at <paramref name="path"/>.</summary>
    public MemoizeBlockContext(ArgoObject argoObject, string path, string? templateName, JsonNode node, JsonObject template, bool isTemplateDefaults)
        : this(argoObject, path, templateName, node, template, isTemplateDefaults, VariableScope.WorkflowParametersOf(argoObject))
    {
    }

    /// <summary>The same, with the workflow's parameters read once for every block of the object.</summary>
    internal MemoizeBlockContext(ArgoObject argoObject, string path, string? templateName, JsonNode node, JsonObject template, bool isTemplateDefaults, IReadOnlyDictionary<string, string?> workflowParameters)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(template);
        Object = argoObject;
        Path = path;
        TemplateName = templateName;
        Node = node;
        Template = template;
        IsTemplateDefaults = isTemplateDefaults;
        Scope = VariableScope.For(argoObject, template, isTemplateDefaults, workflowParameters);
    }

    /// <summary>The Argo object being checked.</summary>
    public ArgoObject Object { get; }

    /// <summary>Field path of the memoize block, e.g. <c>spec.templates[0].memoize</c>.</summary>
    public string Path { get; }

    /// <summary>The template's name; null for templateDefaults or a template without a name.</summary>
    public string? TemplateName { get; }

    /// <summary>The memoize field's value, whatever its JSON type.</summary>
    public JsonNode Node { get; }

    /// <summary>The memoize block when it is an object (the only well-formed shape); otherwise null.</summary>
    public JsonObject? Block => Node as JsonObject;

    /// <summary>The template (or templateDefaults) carrying the block.</summary>
    public JsonObject Template { get; }

    /// <summary>True for <c>templateDefaults.memoize</c>.</summary>
    public bool IsTemplateDefaults { get; }

    /// <summary>The variables the block may use.</summary>
    public VariableScope Scope { get; }

    /// <summary>memoize.cache.configMap.name when the path to it consists of objects; otherwise null.</summary>
    public JsonNode? CacheName => Block?["cache"] is JsonObject cache && cache["configMap"] is JsonObject configMap ? configMap["name"] : null;

    /// <summary>The key when it is a non-empty string.</summary>
    internal TemplatedField? Key => Read(ref key, ref keyRead, "key");

    /// <summary>maxAge when it is a non-empty string.</summary>
    internal TemplatedField? MaxAge => Read(ref maxAge, ref maxAgeRead, "maxAge");

    /// <summary>The cache ConfigMap name when it is a non-empty string.</summary>
    internal TemplatedField? CacheNameField => Read(ref cacheName, ref cacheNameRead, null);

    /// <summary>Field path of memoize.key.</summary>
    internal string KeyPath => keyPath ??= $"{Path}.key";

    /// <summary>Field path of memoize.maxAge.</summary>
    internal string MaxAgePath => maxAgePath ??= $"{Path}.maxAge";

    /// <summary>Field path of memoize.cache.configMap.name.</summary>
    internal string CacheNamePath => cacheNamePath ??= $"{Path}.cache.configMap.name";

    /// <summary>The string fields that may hold tags, with their paths, in the order key, maxAge, name.</summary>
    internal IEnumerable<(string Path, TemplatedField Field)> TemplatedFields()
    {
        if (Key is { } k)
        {
            yield return (KeyPath, k);
        }

        if (MaxAge is { } m)
        {
            yield return (MaxAgePath, m);
        }

        if (CacheNameField is { } n)
        {
            yield return (CacheNamePath, n);
        }
    }

    private TemplatedField? Read(ref TemplatedField? field, ref bool read, string? property)
    {
        if (!read)
        {
            field = Analyze(property is null ? CacheName : Block?[property]);
            read = true;
        }

        return field;
    }

    private TemplatedField? Analyze(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { Length: > 0 } text
            ? TemplatedField.Analyze(text, Scope)
            : null;
}
