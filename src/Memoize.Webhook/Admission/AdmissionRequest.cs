using System.Text.Json;
using System.Text.Json.Nodes;
using Memoize.Core.Objects;

namespace Memoize.Webhook.Admission;

/// <summary>
/// The typed view of an AdmissionReview v1 <c>request</c>: only what the webhook reads is typed, the objects stay
/// JSON so that unknown fields survive.
/// </summary>
public sealed class AdmissionRequest
{
    private JsonObject? _object;
    private JsonObject? _oldObject;
    private JsonElement? _objectJson;
    private JsonElement? _oldObjectJson;
    private bool _objectRead;
    private bool _oldObjectRead;

    /// <summary>request.uid, echoed in the response.</summary>
    public required string Uid { get; init; }

    /// <summary>request.kind: the kind of the object being admitted.</summary>
    public required GroupVersionKind Kind { get; init; }

    /// <summary>request.resource.resource, e.g. <c>workflows</c>.</summary>
    public string? Resource { get; init; }

    /// <summary>request.subResource, e.g. <c>status</c>; null for the main resource.</summary>
    public string? SubResource { get; init; }

    /// <summary>request.name; absent on a mutating CREATE that uses generateName.</summary>
    public string? Name { get; init; }

    /// <summary>request.namespace; absent for cluster-scoped objects such as ClusterWorkflowTemplate.</summary>
    public string? Namespace { get; init; }

    /// <summary>request.operation: CREATE, UPDATE, DELETE or CONNECT.</summary>
    public required string Operation { get; init; }

    /// <summary>request.userInfo.username: who made the request.</summary>
    public string? UserName { get; init; }

    /// <summary>
    /// request.object: the object after the change; null on DELETE. Built as nodes over <see cref="ObjectJson"/> only
    /// when first read, so a handler that reads the JSON (validation) builds none.
    /// </summary>
    public JsonObject? Object
    {
        get
        {
            if (!_objectRead)
            {
                _object = _objectJson is { } json ? JsonObject.Create(json) : null;
                _objectRead = true;
            }

            return _object;
        }

        init
        {
            _object = value;
            _objectRead = true;
        }
    }

    /// <summary>request.oldObject: the object before the change (UPDATE and DELETE); nodes built when first read.</summary>
    public JsonObject? OldObject
    {
        get
        {
            if (!_oldObjectRead)
            {
                _oldObject = _oldObjectJson is { } json ? JsonObject.Create(json) : null;
                _oldObjectRead = true;
            }

            return _oldObject;
        }

        init
        {
            _oldObject = value;
            _oldObjectRead = true;
        }
    }

    /// <summary>request.object as read-only JSON: as parsed (the HTTP adapter), else written once from <see cref="Object"/>.</summary>
    public JsonElement? ObjectJson
    {
        get => _objectJson ??= _object is { } node ? JsonSerializer.SerializeToElement(node) : null;
        init => _objectJson = value;
    }

    /// <summary>request.oldObject as read-only JSON, as <see cref="ObjectJson"/>.</summary>
    public JsonElement? OldObjectJson
    {
        get => _oldObjectJson ??= _oldObject is { } node ? JsonSerializer.SerializeToElement(node) : null;
        init => _oldObjectJson = value;
    }

    /// <summary>request.dryRun: the change will not be persisted. The answer is the same either way.</summary>
    public bool DryRun { get; init; }

    /// <summary>The object's name for people and logs: request.name, else metadata.name, else metadata.generateName.</summary>
    public string DisplayName =>
        Name
        ?? JsonProperties.String(JsonProperties.Object(ObjectJson, "metadata"u8), "name"u8)
        ?? JsonProperties.String(JsonProperties.Object(ObjectJson, "metadata"u8), "generateName"u8)
        ?? "";

    /// <summary>True for CREATE and UPDATE, the only operations the webhook checks.</summary>
    public bool IsCreateOrUpdate => Operation is "CREATE" or "UPDATE";

    /// <summary>Reads the typed fields of <paramref name="request"/>; throws <see cref="AdmissionInputException"/> when a required one is missing.</summary>
    public static AdmissionRequest Parse(JsonObject request) => Parse(JsonSerializer.SerializeToElement(request));

    /// <summary>The same over the read-only JSON the HTTP adapter parsed: no field becomes a node.</summary>
    public static AdmissionRequest Parse(JsonElement request)
    {
        var uid = JsonProperties.String(request, "uid"u8);
        if (string.IsNullOrEmpty(uid))
        {
            throw new AdmissionInputException(400, "the AdmissionReview request has no uid: kube-apiserver always sends request.uid, so this did not come from it; send a complete admission.k8s.io/v1 AdmissionReview");
        }

        var kindNode = JsonProperties.Object(request, "kind"u8);
        var kind = JsonProperties.String(kindNode, "kind"u8);
        if (string.IsNullOrEmpty(kind))
        {
            throw new AdmissionInputException(400, $"the AdmissionReview request {uid} has no kind: request.kind must name the group, version and kind of the object, e.g. {{\"group\":\"argoproj.io\",\"version\":\"v1alpha1\",\"kind\":\"Workflow\"}}");
        }

        var operation = JsonProperties.String(request, "operation"u8);
        if (string.IsNullOrEmpty(operation))
        {
            throw new AdmissionInputException(400, $"the AdmissionReview request {uid} has no operation: request.operation must be CREATE, UPDATE, DELETE or CONNECT");
        }

        return new AdmissionRequest
        {
            Uid = uid,
            Kind = new GroupVersionKind(JsonProperties.String(kindNode, "group"u8) ?? "", JsonProperties.String(kindNode, "version"u8) ?? "", kind),
            Resource = JsonProperties.String(JsonProperties.Object(request, "resource"u8), "resource"u8),
            SubResource = JsonProperties.String(request, "subResource"u8),
            Name = JsonProperties.String(request, "name"u8),
            Namespace = JsonProperties.String(request, "namespace"u8),
            Operation = operation,
            UserName = JsonProperties.String(JsonProperties.Object(request, "userInfo"u8), "username"u8),
            DryRun = request.TryGetProperty("dryRun", out var dryRun) && dryRun.ValueKind == JsonValueKind.True,
            ObjectJson = JsonProperties.Object(request, "object"u8),
            OldObjectJson = JsonProperties.Object(request, "oldObject"u8),
        };
    }
}
