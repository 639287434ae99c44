using System.Text.Json.Nodes;

namespace Memoize.Kubernetes.Resources;

/// <summary>A coordination.k8s.io/v1 Lease as a typed view over its JSON (spec fields used by leader election).</summary>
public sealed class Lease
{
    /// <summary>Wraps <paramref name="obj"/> (not copied).</summary>
    public Lease(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        Object = obj;
        if (obj["metadata"] is not JsonObject)
        {
            obj["metadata"] = new JsonObject();
        }

        if (obj["spec"] is not JsonObject)
        {
            obj["spec"] = new JsonObject();
        }
    }

    /// <summary>The whole Lease as JSON.</summary>
    public JsonObject Object { get; }

    /// <summary>metadata.name.</summary>
    public string Name => ObjectMetadata.Name(Object) ?? "";

    /// <summary>metadata.namespace.</summary>
    public string Namespace => ObjectMetadata.Namespace(Object) ?? "";

    /// <summary>metadata.resourceVersion.</summary>
    public string? ResourceVersion => ObjectMetadata.ResourceVersion(Object);

    /// <summary>spec.holderIdentity: who holds the lease; null or empty = free.</summary>
    public string? HolderIdentity
    {
        get => Spec["holderIdentity"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        set => Spec["holderIdentity"] = value;
    }

    /// <summary>spec.leaseDurationSeconds: how long the holder's claim lasts after its last renewal.</summary>
    public int? LeaseDurationSeconds
    {
        get => Spec["leaseDurationSeconds"] is JsonValue value && value.TryGetValue<int>(out var seconds) ? seconds : null;
        set => Spec["leaseDurationSeconds"] = value;
    }

    /// <summary>spec.acquireTime: when the current holder took the lease.</summary>
    public DateTimeOffset? AcquireTime
    {
        get => MicroTime.Read(Spec["acquireTime"]);
        set => Spec["acquireTime"] = value is { } time ? MicroTime.Format(time) : null;
    }

    /// <summary>spec.renewTime: when the holder last renewed.</summary>
    public DateTimeOffset? RenewTime
    {
        get => MicroTime.Read(Spec["renewTime"]);
        set => Spec["renewTime"] = value is { } time ? MicroTime.Format(time) : null;
    }

    /// <summary>spec.leaseTransitions: how many times the holder changed.</summary>
    public int LeaseTransitions
    {
        get => Spec["leaseTransitions"] is JsonValue value && value.TryGetValue<int>(out var count) ? count : 0;
        set => Spec["leaseTransitions"] = value;
    }

    private JsonObject Spec => (JsonObject)Object["spec"]!;

    /// <summary>A new Lease named <paramref name="name"/> in <paramref name="namespace"/>, ready to create.</summary>
    public static Lease New(string @namespace, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(@namespace);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new Lease(new JsonObject
        {
            ["apiVersion"] = "coordination.k8s.io/v1",
            ["kind"] = "Lease",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = @namespace },
            ["spec"] = new JsonObject(),
        });
    }
}
