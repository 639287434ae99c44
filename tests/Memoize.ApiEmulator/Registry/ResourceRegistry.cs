using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Admission;
using Memoize.ApiEmulator.Audit;
using Memoize.ApiEmulator.Faults;
using Memoize.ApiEmulator.Patching;
using Memoize.ApiEmulator.Resources;
using Memoize.ApiEmulator.Selectors;
using Memoize.ApiEmulator.Storage;
using Memoize.ApiEmulator.Validation;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Registry;

/// <summary>
/// The REST semantics of every stored resource, independent of HTTP: kube-apiserver's generic registry store with
/// the admission chain woven in where the real one runs it (mutating admission, then defaulting of server fields and
/// validation, then validating admission, then storage with resourceVersion preconditions).
/// </summary>
internal sealed class ResourceRegistry
{
    // Kubernetes' name generator alphabet (no vowels, no confusable characters).
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const int MaxAttempts = 10;

    // kube-apiserver's message for a continue token older than the compaction (storage/etcd3, inconsistentContinue).
    private const string ExpiredContinueMessage =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, " +
        "or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an " +
        "inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    private readonly ObjectStore store;
    private readonly AdmissionWebhooks admission;
    private readonly FaultInjection faults;
    private readonly TimeProvider clock;
    private readonly WriteRecord record;

    /// <summary>Creates the registry over <paramref name="store"/>; every stored write goes into <paramref name="record"/>.</summary>
    public ResourceRegistry(ObjectStore store, AdmissionWebhooks admission, FaultInjection faults, TimeProvider clock, WriteRecord record)
    {
        this.store = store;
        this.record = record;
        this.admission = admission;
        this.faults = faults;
        this.clock = clock;
    }

    /// <summary>GET: the object, or 404 NotFound.</summary>
    public JsonObject Get(ResourceType type, string @namespace, string name) =>
        (store.Get(type, @namespace, name) ?? throw ApiError.NotFound(type, name)).ToJson();

    /// <summary>
    /// LIST with selectors and optional pagination as kube-apiserver pages: with <c>limit</c>, <c>metadata.continue</c>
    /// and (only without selectors, where etcd can count) <c>metadata.remainingItemCount</c>; every page of one list
    /// reads the first page's revision; a token whose revision was compacted away gets 410 Expired, carrying a token
    /// that continues, inconsistently, at the latest revision.
    /// </summary>
    public JsonObject List(ResourceType type, string @namespace, LabelSelector labels, FieldSelector fields, int limit, string? continueToken)
    {
        var (current, revision) = store.List(type, @namespace);
        IReadOnlyList<StoredObject> all = current;
        var startAfter = "";
        if (!string.IsNullOrEmpty(continueToken))
        {
            (var tokenRevision, startAfter) = ListContinuation.Decode(continueToken);
            if (tokenRevision >= 0)
            {
                all = store.ListAt(type, @namespace, tokenRevision)
                    ?? throw ApiError.ExpiredContinue(ExpiredContinueMessage, ListContinuation.Encode(-1, startAfter));
                revision = tokenRevision;
            }
        }
        var items = all.Where(o => string.CompareOrdinal(o.Key, startAfter) > 0 && labels.Matches(o.Labels) && fields.Matches(o)).ToList();
        var metadata = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) };
        if (limit > 0 && items.Count > limit)
        {
            metadata["continue"] = ListContinuation.Encode(revision, items[limit - 1].Key);
            if (labels.IsEmpty && fields.IsEmpty)
            {
                metadata["remainingItemCount"] = items.Count - limit;
            }
            items = items.Take(limit).ToList();
        }
        var array = new JsonArray();
        foreach (var item in items)
        {
            var json = item.ToJson();
            if (!type.IsCustomResource)
            {
                // Built-in list items carry no kind/apiVersion on the wire (fixtures/api/list-labelselector.json).
                json.Remove("kind");
                json.Remove("apiVersion");
            }
            array.Add(json);
        }
        return type.IsCustomResource
            ? new JsonObject { ["apiVersion"] = type.ApiVersion, ["items"] = array, ["kind"] = type.ListKind, ["metadata"] = metadata }
            : new JsonObject { ["kind"] = type.ListKind, ["apiVersion"] = type.ApiVersion, ["metadata"] = metadata, ["items"] = array };
    }

    /// <summary>WATCH: a subscription filtered by namespace and selectors, from <paramref name="fromResourceVersion"/> (null: now, with existing objects as ADDED).</summary>
    public WatchSubscription Watch(ResourceType type, string @namespace, LabelSelector labels, FieldSelector fields, long? fromResourceVersion, bool allowBookmarks)
    {
        var current = store.Revision;
        if (fromResourceVersion > current)
        {
            throw ApiError.Timeout(
                string.Create(CultureInfo.InvariantCulture, $"Too large resource version: {fromResourceVersion}, current: {current}"), 1);
        }
        return store.Watch(
            type,
            o => (@namespace.Length == 0 || o.Namespace == @namespace) && labels.Matches(o.Labels) && fields.Matches(o),
            fromResourceVersion,
            allowBookmarks);
    }

    /// <summary>Stops delivering to a watch whose response ended.</summary>
    public void Unwatch(WatchSubscription watch) => store.Unwatch(watch);

    /// <summary>POST: creates the object; returns it (201).</summary>
    public async Task<JsonObject> CreateAsync(ResourceType type, string @namespace, JsonObject body, RequestContext context, CancellationToken cancellationToken)
    {
        var obj = ObjectPreparation.Prepare(type, @namespace, body, context);
        return await CreatePreparedAsync(type, @namespace, obj, context, Options("CreateOptions", context), "create", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>PUT: replaces the object (or creates it where the kind allows); returns it and whether it was created.</summary>
    public async Task<(JsonObject Object, bool Created)> UpdateAsync(ResourceType type, string @namespace, string name, JsonObject body, RequestContext context, CancellationToken cancellationToken)
    {
        var prepared = ObjectPreparation.Prepare(type, @namespace, body, context);
        var bodyName = WireJson.GetString(WireJson.Metadata(prepared), "name") ?? "";
        if (bodyName.Length > 0 && bodyName != name)
        {
            throw ApiError.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }
        var conditional = !string.IsNullOrEmpty(WireJson.GetString(WireJson.Metadata(prepared), "resourceVersion"));
        for (var attempt = 1; ; attempt++)
        {
            var existing = store.Get(type, @namespace, name);
            if (existing is null)
            {
                if (!type.AllowCreateOnUpdate)
                {
                    throw ApiError.NotFound(type, name);
                }
                var toCreate = WireJson.Clone(prepared);
                WireJson.Metadata(toCreate)["name"] = name;
                WireJson.Metadata(toCreate).Remove("resourceVersion");
                try
                {
                    var created = await CreatePreparedAsync(type, @namespace, toCreate, context, Options("CreateOptions", context), "update", cancellationToken).ConfigureAwait(false);
                    return (created, true);
                }
                catch (ApiError ex) when (ex.Reason == "AlreadyExists" && attempt < MaxAttempts)
                {
                    continue;
                }
            }
            if (faults.TakeConflict("update", type.Plural) || faults.TakeFirstWriteConflict(type.Plural, existing.Key, existing.ResourceVersion))
            {
                throw ApiError.Conflict(type, name, ApiError.ObjectModified);
            }
            var updated = await UpdateExistingAsync(type, existing, WireJson.Clone(prepared), context, Options("UpdateOptions", context), "update", cancellationToken).ConfigureAwait(false);
            if (updated is not null)
            {
                return (updated, false);
            }
            if (conditional || attempt >= MaxAttempts)
            {
                throw ApiError.Conflict(type, name, ApiError.ObjectModified);
            }
        }
    }

    /// <summary>PATCH with a JSON Patch, a merge patch, or (ConfigMaps and other built-ins) a strategic merge patch treated as a merge patch.</summary>
    public async Task<JsonObject> PatchAsync(ResourceType type, string @namespace, string name, string? contentType, string patchText, RequestContext context, CancellationToken cancellationToken)
    {
        var mediaType = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        var accepted = type.IsCustomResource
            ? "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml"
            : "application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml";
        var isJsonPatch = mediaType == "application/json-patch+json";
        if (mediaType == "application/apply-patch+yaml")
        {
            throw ApiError.UnsupportedMediaType(
                "the emulator does not implement server-side apply (application/apply-patch+yaml): use application/merge-patch+json or application/json-patch+json");
        }
        if (!isJsonPatch && mediaType != "application/merge-patch+json" && (type.IsCustomResource || mediaType != "application/strategic-merge-patch+json"))
        {
            throw ApiError.UnsupportedMediaType($"the body of the request was in an unknown format - accepted media types include: {accepted}");
        }

        JsonNode? patch;
        try
        {
            patch = WireJson.Parse(patchText);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw ApiError.BadRequest($"error decoding patch: {ex.Message}");
        }
        if (isJsonPatch && patch is not JsonArray)
        {
            throw ApiError.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        }
        if (!isJsonPatch && patch is not JsonObject)
        {
            throw ApiError.BadRequest("json: cannot unmarshal array into Go value of type map[string]interface {}");
        }
        var explicitResourceVersion = isJsonPatch
            ? ((JsonArray)patch!).OfType<JsonObject>().Any(op =>
                WireJson.GetString(op, "path") == "/metadata/resourceVersion" && WireJson.GetString(op, "op") is "add" or "replace")
            : WireJson.GetObject((JsonObject)patch!, "metadata")?["resourceVersion"] is not null;

        for (var attempt = 1; ; attempt++)
        {
            var existing = store.Get(type, @namespace, name) ?? throw ApiError.NotFound(type, name);
            JsonNode? patched;
            try
            {
                patched = isJsonPatch ? JsonPatch.Apply(existing.ToJson(), (JsonArray)patch!) : MergePatch.Apply(existing.ToJson(), patch);
            }
            catch (JsonPatchException)
            {
                // kube-apiserver hides the patch library's reason behind this generic 422 (fixtures/api/patch-json-test-fail.json).
                throw ApiError.PatchNotApplicable();
            }
            if (patched is not JsonObject patchedObject)
            {
                throw ApiError.PatchNotApplicable();
            }
            var prepared = ObjectPreparation.Prepare(type, @namespace, patchedObject, context);
            var patchedName = WireJson.GetString(WireJson.Metadata(prepared), "name") ?? "";
            if (patchedName != name)
            {
                throw ApiError.BadRequest($"the name of the object ({patchedName}) does not match the name on the URL ({name})");
            }
            if (faults.TakeConflict("patch", type.Plural) || faults.TakeFirstWriteConflict(type.Plural, existing.Key, existing.ResourceVersion))
            {
                throw ApiError.Conflict(type, name, ApiError.ObjectModified);
            }
            var updated = await UpdateExistingAsync(type, existing, prepared, context, Options("UpdateOptions", context), "patch", cancellationToken).ConfigureAwait(false);
            if (updated is not null)
            {
                return updated;
            }
            if (explicitResourceVersion || attempt >= MaxAttempts)
            {
                throw ApiError.Conflict(type, name, ApiError.ObjectModified);
            }
        }
    }

    /// <summary>
    /// DELETE: removes the object (or marks it with deletionTimestamp while finalizers remain). Returns what
    /// kube-apiserver answers: a Status Success for built-in kinds, the object for custom resources and pending deletions.
    /// </summary>
    public async Task<JsonObject> DeleteAsync(ResourceType type, string @namespace, string name, JsonObject? deleteOptions, RequestContext context, CancellationToken cancellationToken)
    {
        var options = new JsonObject { ["kind"] = "DeleteOptions", ["apiVersion"] = "meta.k8s.io/v1" };
        if (context.DryRun)
        {
            options["dryRun"] = new JsonArray("All");
        }
        foreach (var field in new[] { "gracePeriodSeconds", "preconditions", "orphanDependents", "propagationPolicy" })
        {
            if (deleteOptions?[field] is { } value)
            {
                options[field] = value.DeepClone();
            }
        }
        var preconditions = WireJson.GetObject(deleteOptions, "preconditions");
        var expectedUid = WireJson.GetString(preconditions, "uid");
        var expectedVersion = WireJson.GetString(preconditions, "resourceVersion");

        for (var attempt = 1; ; attempt++)
        {
            var existing = store.Get(type, @namespace, name) ?? throw ApiError.NotFound(type, name);
            var old = existing.ToJson();
            var oldMetadata = WireJson.Metadata(old);
            var uid = WireJson.GetString(oldMetadata, "uid") ?? "";
            if (expectedUid is not null && expectedUid != uid)
            {
                throw ApiError.Conflict(type, name, $"Precondition failed: UID in precondition: {expectedUid}, UID in object meta: {uid}");
            }
            var version = existing.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            if (expectedVersion is not null && expectedVersion != version)
            {
                throw ApiError.Conflict(type, name, $"Precondition failed: ResourceVersion in precondition: {expectedVersion}, ResourceVersion in object meta: {version}");
            }
            var attributes = new AdmissionAttributes
            {
                Type = type,
                Operation = "DELETE",
                Namespace = existing.Namespace,
                Name = name,
                Object = null,
                OldObject = old,
                User = context.User,
                DryRun = context.DryRun,
                Options = options,
            };
            await admission.MutateAsync(attributes, context, cancellationToken).ConfigureAwait(false);
            await admission.ValidateAsync(attributes, context, cancellationToken).ConfigureAwait(false);

            if (ObjectMetaRules.Strings(oldMetadata["finalizers"]).Count > 0)
            {
                if (oldMetadata["deletionTimestamp"] is not null)
                {
                    return old;
                }
                var marked = WireJson.Clone(old);
                WireJson.Metadata(marked)["deletionTimestamp"] = GoText.Timestamp(clock.GetUtcNow());
                WireJson.Metadata(marked)["deletionGracePeriodSeconds"] = 0;
                marked = ObjectLayout.Arrange(type, marked);
                if (context.DryRun)
                {
                    return marked;
                }
                var stored = store.Replace(type, marked, existing.ResourceVersion);
                if (stored is not null)
                {
                    record.Add("delete", context, stored);
                    return stored.ToJson();
                }
            }
            else if (context.DryRun || Recorded("delete", context, store.Remove(type, @namespace, name, existing.ResourceVersion)) is not null)
            {
                return type.IsCustomResource
                    ? old
                    : ApiError.BuildStatus("Success", "", "", ApiError.DetailsOf(name: name, group: type.Group, kind: type.Plural, uid: uid), 0);
            }
            if (attempt >= MaxAttempts)
            {
                throw ApiError.Conflict(type, name, ApiError.ObjectModified);
            }
        }
    }

    /// <summary>
    /// Creates or replaces an object (kubectl apply without the three-way merge): test setup, e.g. webhook
    /// configurations from manifests. Returns the stored object.
    /// </summary>
    public async Task<JsonObject> ApplyAsync(ResourceType type, JsonObject body, string defaultNamespace, RequestContext context)
    {
        var metadata = WireJson.GetObject(body, "metadata");
        var name = WireJson.GetString(metadata, "name") ?? "";
        var @namespace = type.Namespaced ? WireJson.GetString(metadata, "namespace") ?? defaultNamespace : "";
        var existing = name.Length > 0 ? store.Get(type, @namespace, name) : null;
        if (existing is null)
        {
            return await CreateAsync(type, @namespace, body, context, CancellationToken.None).ConfigureAwait(false);
        }
        var replacement = WireJson.Clone(body);
        WireJson.Metadata(replacement)["resourceVersion"] = existing.ResourceVersion.ToString(CultureInfo.InvariantCulture);
        var (updated, _) = await UpdateAsync(type, @namespace, name, replacement, context, CancellationToken.None).ConfigureAwait(false);
        return updated;
    }

    private async Task<JsonObject> CreatePreparedAsync(ResourceType type, string @namespace, JsonObject obj, RequestContext context, JsonObject options, string verb,
        CancellationToken cancellationToken)
    {
        var attributes = new AdmissionAttributes
        {
            Type = type,
            Operation = "CREATE",
            Namespace = type.Namespaced ? @namespace : "",
            Name = WireJson.GetString(WireJson.Metadata(obj), "name") ?? "",
            Object = obj,
            User = context.User,
            DryRun = context.DryRun,
            Options = options,
        };
        await admission.MutateAsync(attributes, context, cancellationToken).ConfigureAwait(false);
        obj = ObjectPreparation.Prepare(type, @namespace, attributes.Object!, new RequestContext(context.User));

        // rest.BeforeCreate: server-set metadata, generated name, generation.
        var metadata = WireJson.Metadata(obj);
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = GoText.Timestamp(clock.GetUtcNow());
        var generateName = WireJson.GetString(metadata, "generateName") ?? "";
        if (string.IsNullOrEmpty(WireJson.GetString(metadata, "name")) && generateName.Length > 0)
        {
            metadata["name"] = GenerateName(generateName);
        }
        if (type.HasGeneration)
        {
            metadata["generation"] = 1;
        }
        obj = ObjectLayout.Arrange(type, obj);
        ResourceValidator.ValidateCreate(type, obj);

        var name = WireJson.GetString(WireJson.Metadata(obj), "name")!;
        var validating = new AdmissionAttributes
        {
            Type = type,
            Operation = "CREATE",
            Namespace = attributes.Namespace,
            Name = name,
            Object = WireJson.Clone(obj),
            User = context.User,
            DryRun = context.DryRun,
            Options = options,
        };
        await admission.ValidateAsync(validating, context, cancellationToken).ConfigureAwait(false);

        if (!string.IsNullOrEmpty(WireJson.GetString(WireJson.Metadata(obj), "resourceVersion")))
        {
            throw ApiError.Internal("resourceVersion should not be set on objects to be created");
        }
        if (context.DryRun)
        {
            return store.Get(type, @namespace, name) is null ? obj : throw ApiError.AlreadyExists(type, name);
        }
        return Recorded(verb, context, store.Create(type, obj))!.ToJson();
    }

    // Returns the stored result, or null when the object changed since `existing` was read (caller retries or conflicts).
    private async Task<JsonObject?> UpdateExistingAsync(ResourceType type, StoredObject existing, JsonObject obj, RequestContext context, JsonObject options, string verb,
        CancellationToken cancellationToken)
    {
        var old = existing.ToJson();
        var attributes = new AdmissionAttributes
        {
            Type = type,
            Operation = "UPDATE",
            Namespace = existing.Namespace,
            Name = existing.Name,
            Object = obj,
            OldObject = old,
            User = context.User,
            DryRun = context.DryRun,
            Options = options,
        };
        await admission.MutateAsync(attributes, context, cancellationToken).ConfigureAwait(false);
        obj = ObjectPreparation.Prepare(type, existing.Namespace, attributes.Object!, new RequestContext(context.User));

        var metadata = WireJson.Metadata(obj);
        var version = WireJson.GetString(metadata, "resourceVersion") ?? "";
        if (version.Length == 0)
        {
            if (!type.AllowUnconditionalUpdate)
            {
                // The registry reports this with the resource (plural) where a kind would be: `configmaps "x" is invalid`.
                throw ApiError.Invalid(type.GroupResource, type.Group, type.Plural, existing.Name,
                    [FieldError.InvalidRaw("metadata.resourceVersion", "0x0", "must be specified for an update")]);
            }
        }
        else if (!long.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var requested))
        {
            throw ApiError.BadRequest($"invalid resource version: {GoText.Quote(version)}");
        }
        else if (requested != existing.ResourceVersion)
        {
            throw ApiError.Conflict(type, existing.Name, ApiError.ObjectModified);
        }
        metadata["resourceVersion"] = existing.ResourceVersion.ToString(CultureInfo.InvariantCulture);

        // rest.BeforeUpdate: identity and timestamps come from the stored object; generation moves only with content.
        var oldMetadata = WireJson.Metadata(old);
        if (string.IsNullOrEmpty(WireJson.GetString(metadata, "uid")))
        {
            metadata["uid"] = oldMetadata["uid"]?.DeepClone();
        }
        foreach (var field in new[] { "creationTimestamp", "generation", "deletionTimestamp", "deletionGracePeriodSeconds" })
        {
            if (oldMetadata[field] is { } value)
            {
                metadata[field] = value.DeepClone();
            }
            else
            {
                metadata.Remove(field);
            }
        }
        if (type.HasGeneration && ContentChanged(type, obj, old))
        {
            var generation = oldMetadata["generation"] is JsonValue g && g.TryGetValue<long>(out var current) ? current : 0;
            metadata["generation"] = generation + 1;
        }
        obj = ObjectLayout.Arrange(type, obj);
        ResourceValidator.ValidateUpdate(type, obj, old);

        var validating = new AdmissionAttributes
        {
            Type = type,
            Operation = "UPDATE",
            Namespace = existing.Namespace,
            Name = existing.Name,
            Object = WireJson.Clone(obj),
            OldObject = old,
            User = context.User,
            DryRun = context.DryRun,
            Options = options,
        };
        await admission.ValidateAsync(validating, context, cancellationToken).ConfigureAwait(false);

        if (JsonNode.DeepEquals(obj, old))
        {
            // A no-op update keeps the resourceVersion and sends no watch event, like etcd3's GuaranteedUpdate.
            return old;
        }
        if (context.DryRun)
        {
            return obj;
        }
        var stored = Recorded(verb, context, store.Replace(type, obj, existing.ResourceVersion));
        if (stored is null)
        {
            return null;
        }
        var storedMetadata = WireJson.Metadata(stored.ToJson());
        if (storedMetadata["deletionTimestamp"] is not null && ObjectMetaRules.Strings(storedMetadata["finalizers"]).Count == 0)
        {
            // The last finalizer is gone from an object being deleted: it goes away now.
            return (Recorded(verb, context, store.Remove(type, existing.Namespace, existing.Name, stored.ResourceVersion)) ?? stored).ToJson();
        }
        return stored.ToJson();
    }

    // Every stored write goes into the record, with the user who sent it; a failed precondition (null) stored nothing.
    private StoredObject? Recorded(string verb, RequestContext context, StoredObject? stored)
    {
        if (stored is not null)
        {
            record.Add(verb, context, stored);
        }
        return stored;
    }

    // Custom resources without a status subresource: any change outside metadata moves generation (status included).
    private static bool ContentChanged(ResourceType type, JsonObject obj, JsonObject old)
    {
        if (!type.IsCustomResource)
        {
            return !JsonNode.DeepEquals(obj["webhooks"], old["webhooks"]);
        }
        return type.Fields.Any(field => !JsonNode.DeepEquals(obj[field], old[field]));
    }

    private static JsonObject Options(string kind, RequestContext context)
    {
        var options = new JsonObject { ["kind"] = kind, ["apiVersion"] = "meta.k8s.io/v1" };
        if (context.DryRun)
        {
            options["dryRun"] = new JsonArray("All");
        }
        if (!string.IsNullOrEmpty(context.FieldManager))
        {
            options["fieldManager"] = context.FieldManager;
        }
        if (!string.IsNullOrEmpty(context.FieldValidation))
        {
            options["fieldValidation"] = context.FieldValidation;
        }
        return options;
    }

    private static string GenerateName(string prefix)
    {
        // Like names.SimpleNameGenerator: the prefix is cut so that the name stays within 63 characters.
        if (prefix.Length > 58)
        {
            prefix = prefix[..58];
        }
        var suffix = new StringBuilder(5);
        for (var i = 0; i < 5; i++)
        {
            suffix.Append(NameAlphabet[RandomNumberGenerator.GetInt32(NameAlphabet.Length)]);
        }
        return prefix + suffix;
    }
}
