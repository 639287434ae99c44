using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Authentication;
using Memoize.ApiEmulator.Resources;

namespace Memoize.ApiEmulator.Admission;

/// <summary>What admission is asked about: kube-apiserver's admission.Attributes.</summary>
internal sealed class AdmissionAttributes
{
    /// <summary>The resource.</summary>
    public required ResourceType Type { get; init; }

    /// <summary>CREATE, UPDATE or DELETE.</summary>
    public required string Operation { get; init; }

    /// <summary>The namespace (empty for cluster-scoped resources).</summary>
    public required string Namespace { get; init; }

    /// <summary>The name (empty on CREATE with generateName before the name is generated).</summary>
    public required string Name { get; init; }

    /// <summary>The new object (null for DELETE); mutating webhooks replace it.</summary>
    public JsonObject? Object { get; set; }

    /// <summary>The stored object (UPDATE, DELETE), else null.</summary>
    public JsonObject? OldObject { get; init; }

    /// <summary>The requesting user.</summary>
    public required EmulatorUser User { get; init; }

    /// <summary>True for a dry run.</summary>
    public bool DryRun { get; init; }

    /// <summary>The operation's options object (CreateOptions, UpdateOptions, DeleteOptions).</summary>
    public required JsonObject Options { get; init; }
}
