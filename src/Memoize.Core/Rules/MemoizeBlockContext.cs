using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Core.Objects;
using Memoize.Core.Templates;

namespace Memoize.Core.Rules;

/// <summary>
/// What every memoize rule looks at: one memoize field of an Argo object, its template and its variable scope,
/// over read-only JSON. Paths and names are strings only once a finding needs them.
/// </summary>
public sealed class MemoizeBlockContext
{
    // The template's index in spec.templates; -1 for templateDefaults or a path given whole.
    private readonly int templateIndex;
    private string? path;
    private string? templateName;
    private bool templateNameRead;

    // Analyzed on first use; the rules run one after the other on one thread, so no locking.
    private TemplatedField? key;
    private TemplatedField? maxAge;
    private TemplatedField? cacheName;
    private bool keyRead;
    private bool maxAgeRead;
    private bool cacheNameRead;
    private (JsonElement? Key, JsonElement? MaxAge, JsonElement? Cache) fields;
    private bool fieldsRead;
    private JsonElement? cacheNameNode;
    private bool cacheNameNodeRead;
    private string? keyPath;
    private string? maxAgePath;
    private string? cacheNamePath;

    /// <summary>Creates the context of the memoize field <paramref name="node"/> found at <paramref name="path"/> (tests, one block at a time).</summary>
    public MemoizeBlockContext(ArgoObject argoObject, string path, string? templateName, JsonNode node, JsonObject template, bool isTemplateDefaults)
    {
        ArgumentNullException.ThrowIfNull(argoObject);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(template);
        Object = ReadOnlyArgoObject.From(argoObject);
        this.path = path;
        this.templateName = templateName;
        templateNameRead = true;
        templateIndex = -1;
        Node = JsonSerializer.SerializeToElement(node);
        Template = JsonSerializer.SerializeToElement(template);
        IsTemplateDefaults = isTemplateDefaults;
        Scope = VariableScope.For(Object, Template, isTemplateDefaults, VariableScope.WorkflowParametersOf(Object));
    }

    /// <summary>The block of template <paramref name="index"/> (-1 for templateDefaults), with the workflow's parameters read once for every block of the object.</summary>
    internal MemoizeBlockContext(ReadOnlyArgoObject argoObject, int index, JsonElement node, JsonElement template, Dictionary<string, string?> workflowParameters)
    {
        Object = argoObject;
        templateIndex = index;
        Node = node;
        Template = template;
        IsTemplateDefaults = index < 0;
        Scope = VariableScope.For(argoObject, template, IsTemplateDefaults, workflowParameters);
    }

    /// <summary>The Argo object being checked.</summary>
    public ReadOnlyArgoObject Object { get; }

    /// <summary>Field path of the memoize block, e.g. <c>spec.templates[0].memoize</c>.</summary>
    public string Path => path ??= IsTemplateDefaults
        ? $"{Object.WorkflowSpecPath}.templateDefaults.memoize"
        : string.Create(CultureInfo.InvariantCulture, $"{Object.WorkflowSpecPath}.templates[{templateIndex}].memoize");

    /// <summary>The template's name; null for templateDefaults or a template without a name.</summary>
    public string? TemplateName
    {
        get
        {
            if (!templateNameRead)
            {
                templateName = IsTemplateDefaults ? null : JsonProperties.NonEmptyString(Template, "name"u8);
                templateNameRead = true;
            }

            return templateName;
        }
    }

    /// <summary>The memoize field's value, whatever its JSON type (never null: a null field is no block).</summary>
    public JsonElement Node { get; }

    /// <summary>The memoize block when it is an object (the only well-formed shape); otherwise null.</summary>
    public JsonElement? Block => Node.ValueKind == JsonValueKind.Object ? Node : null;

    /// <summary>The template (or templateDefaults) carrying the block.</summary>
    public JsonElement Template { get; }

    /// <summary>True for <c>templateDefaults.memoize</c>.</summary>
    public bool IsTemplateDefaults { get; }

    /// <summary>The variables the block may use.</summary>
    public VariableScope Scope { get; }

    /// <summary>memoize.cache.configMap.name when the path to it consists of objects; otherwise null.</summary>
    public JsonElement? CacheName
    {
        get
        {
            if (!cacheNameNodeRead)
            {
                cacheNameNode = JsonProperties.Get(JsonProperties.Object(CacheNode is { ValueKind: JsonValueKind.Object } cache ? cache : null, "configMap"u8), "name"u8);
                cacheNameNodeRead = true;
            }

            return cacheNameNode;
        }
    }

    /// <summary>memoize.key, whatever its type; null when absent or JSON null.</summary>
    internal JsonElement? KeyNode => ReadFields().Key;

    /// <summary>memoize.maxAge, whatever its type; null when absent or JSON null.</summary>
    internal JsonElement? MaxAgeNode => ReadFields().MaxAge;

    /// <summary>memoize.cache, whatever its type; null when absent or JSON null.</summary>
    internal JsonElement? CacheNode => ReadFields().Cache;

    /// <summary>The key when it is a non-empty string.</summary>
    internal TemplatedField? Key => Read(ref key, ref keyRead, KeyNode);

    /// <summary>maxAge when it is a non-empty string.</summary>
    internal TemplatedField? MaxAge => Read(ref maxAge, ref maxAgeRead, MaxAgeNode);

    /// <summary>The cache ConfigMap name when it is a non-empty string.</summary>
    internal TemplatedField? CacheNameField => Read(ref cacheName, ref cacheNameRead, CacheName);

    /// <summary>Field path of memoize.key.</summary>
    internal string KeyPath => keyPath ??= $"{Path}.key";

    /// <summary>Field path of memoize.maxAge.</summary>
    internal string MaxAgePath => maxAgePath ??= $"{Path}.maxAge";

    /// <summary>Field path of memoize.cache.configMap.name.</summary>
    internal string CacheNamePath => cacheNamePath ??= $"{Path}.cache.configMap.name";

    /// <summary>How many string fields may hold tags: key, maxAge and name, in that order (see <see cref="TemplatedFieldAt"/>).</summary>
    internal static int TemplatedFieldCount => 3;

    /// <summary>The templated field number <paramref name="index"/> (key, maxAge, name) when it is a non-empty string, else null.</summary>
    internal TemplatedField? TemplatedFieldAt(int index) => index switch
    {
        0 => Key,
        1 => MaxAge,
        _ => CacheNameField,
    };

    /// <summary>The path of the templated field number <paramref name="index"/>.</summary>
    internal string TemplatedFieldPath(int index) => index switch
    {
        0 => KeyPath,
        1 => MaxAgePath,
        _ => CacheNamePath,
    };

    // The block's three fields in one walk over it, rather than a lookup (a walk) for each.
    private (JsonElement? Key, JsonElement? MaxAge, JsonElement? Cache) ReadFields()
    {
        if (!fieldsRead)
        {
            if (Block is { } block)
            {
                // The last of a repeated name counts, as a lookup finds it.
                foreach (var property in block.EnumerateObject())
                {
                    var value = property.Value.ValueKind == JsonValueKind.Null ? (JsonElement?)null : property.Value;
                    if (property.NameEquals("key"u8))
                    {
                        fields.Key = value;
                    }
                    else if (property.NameEquals("maxAge"u8))
                    {
                        fields.MaxAge = value;
                    }
                    else if (property.NameEquals("cache"u8))
                    {
                        fields.Cache = value;
                    }
                }
            }

            fieldsRead = true;
        }

        return fields;
    }

    private TemplatedField? Read(ref TemplatedField? field, ref bool read, JsonElement? node)
    {
        if (!read)
        {
            field = Analyze(node);
            read = true;
        }

        return field;
    }

    private TemplatedField? Analyze(JsonElement? node) =>
        node is { ValueKind: JsonValueKind.String } value && value.GetString() is { Length: > 0 } text
            ? TemplatedField.Analyze(text, Scope)
            : null;
}
