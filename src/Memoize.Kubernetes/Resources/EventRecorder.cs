using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Memoize.Kubernetes.Errors;

namespace Memoize.Kubernetes.Resources;

/// <summary>
/// Records Kubernetes Events (events.k8s.io/v1, falling back to core v1 Events when that group is not served)
/// about an object, as <c>kubectl describe</c> and <c>kubectl events</c> show them.
/// </summary>
public sealed class EventRecorder
{
    private const int MaxNoteBytes = 1024;
    private readonly KubernetesApiClient api;
    private readonly TimeProvider clock;
    private volatile bool useCoreEvents;

    /// <summary>A recorder that signs events as <paramref name="reportingController"/> (e.g. <c>memoize.example.com/reconciler</c>) from <paramref name="reportingInstance"/> (e.g. the pod name).</summary>
    public EventRecorder(KubernetesApiClient api, string reportingController, string reportingInstance, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentException.ThrowIfNullOrEmpty(reportingController);
        ArgumentException.ThrowIfNullOrEmpty(reportingInstance);
        this.api = api;
        ReportingController = reportingController;
        ReportingInstance = reportingInstance;
        this.clock = clock ?? TimeProvider.System;
    }

    /// <summary>The controller named on every event.</summary>
    public string ReportingController { get; }

    /// <summary>The instance named on every event.</summary>
    public string ReportingInstance { get; }

    /// <summary>Records an event about <paramref name="regarding"/> in its namespace (<c>default</c> for cluster-scoped objects).</summary>
    /// <param name="regarding">The object the event is about.</param>
    /// <param name="type">Normal or Warning.</param>
    /// <param name="reason">A short UpperCamelCase reason, e.g. <c>CacheHit</c>.</param>
    /// <param name="action">What was done, e.g. <c>Lookup</c>.</param>
    /// <param name="note">The human message (cut to 1 KiB).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task RecordAsync(
        V1ObjectReference regarding,
        EventType type,
        string reason,
        string action,
        string note,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(regarding);
        ArgumentException.ThrowIfNullOrEmpty(reason);
        ArgumentException.ThrowIfNullOrEmpty(action);
        var now = clock.GetUtcNow();
        var @namespace = string.IsNullOrEmpty(regarding.NamespaceProperty) ? "default" : regarding.NamespaceProperty;
        var metadata = new V1ObjectMeta { Name = EventName(regarding.Name, now), NamespaceProperty = @namespace };
        note = Truncate(note ?? "");

        if (!useCoreEvents)
        {
            try
            {
                var modern = new Eventsv1Event
                {
                    ApiVersion = "events.k8s.io/v1",
                    Kind = "Event",
                    Metadata = metadata,
                    EventTime = now.UtcDateTime,
                    ReportingController = ReportingController,
                    ReportingInstance = ReportingInstance,
                    Action = action,
                    Reason = reason,
                    Note = note,
                    Type = type.ToString(),
                    Regarding = regarding,
                };
                await api.CallAsync($"POST events.events.k8s.io in {@namespace}", (k, ct) => k.EventsV1.CreateNamespacedEventAsync(modern, @namespace, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (NotFoundException ex) when (ex.Status.Name is null)
            {
                // The events.k8s.io group is not served (a NotFound about the namespace would name it).
                useCoreEvents = true;
            }
        }

        // Core v1 timestamps are whole seconds (meta/v1 Time).
        var timestamp = DateTime.SpecifyKind(now.UtcDateTime.AddTicks(-(now.UtcDateTime.Ticks % TimeSpan.TicksPerSecond)), DateTimeKind.Utc);
        var core = new Corev1Event
        {
            ApiVersion = "v1",
            Kind = "Event",
            Metadata = metadata,
            InvolvedObject = regarding,
            Reason = reason,
            Message = note,
            Type = type.ToString(),
            Action = action,
            FirstTimestamp = timestamp,
            LastTimestamp = timestamp,
            Count = 1,
            Source = new V1EventSource { Component = ReportingController },
            ReportingComponent = ReportingController,
            ReportingInstance = ReportingInstance,
        };
        await api.CallAsync($"POST events in {@namespace}", (k, ct) => k.CoreV1.CreateNamespacedEventAsync(core, @namespace, cancellationToken: ct), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Records an event about <paramref name="regarding"/>, given as the object's JSON (an Argo object).</summary>
    public Task RecordAsync(JsonObject regarding, EventType type, string reason, string action, string note, CancellationToken cancellationToken = default) =>
        RecordAsync(ObjectMetadata.ReferenceTo(regarding), type, reason, action, note, cancellationToken);

    // Like client-go: the object's name, a dot, and a unique hex suffix; names are at most 253 characters.
    private static string EventName(string objectName, DateTimeOffset now)
    {
        var suffix = "." + (now.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000)).ToString("x", CultureInfo.InvariantCulture);
        var prefix = objectName.Length + suffix.Length > 253 ? objectName[..(253 - suffix.Length)] : objectName;
        return prefix + suffix;
    }

    private static string Truncate(string note)
    {
        if (Encoding.UTF8.GetByteCount(note) <= MaxNoteBytes)
        {
            return note;
        }

        var builder = new StringBuilder();
        var bytes = 0;
        foreach (var rune in note.EnumerateRunes())
        {
            bytes += rune.Utf8SequenceLength;
            if (bytes > MaxNoteBytes - 3)
            {
                break;
            }

            builder.Append(rune.ToString());
        }

        return builder.Append("...").ToString();
    }
}
