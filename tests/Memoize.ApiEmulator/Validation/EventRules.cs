using System.Text.Json.Nodes;
using Memoize.ApiEmulator.Wire;

namespace Memoize.ApiEmulator.Validation;

/// <summary>
/// The main rules of Kubernetes' Event validation (pkg/apis/core/validation/events.go): legacy core/v1 events,
/// and the stricter events.k8s.io/v1 ones.
/// </summary>
internal static class EventRules
{
    private const int ReportingInstanceLimit = 128;
    private const int ActionLimit = 128;
    private const int ReasonLimit = 128;
    private const int NoteLimit = 1024;

    /// <summary>A core/v1 Event: a "new style" one (eventTime set) needs reporting fields; an old one a matching namespace.</summary>
    public static List<FieldError> ValidateCore(JsonObject ev)
    {
        var errors = new List<FieldError>();
        var ns = WireJson.GetString(WireJson.GetObject(ev, "metadata"), "namespace") ?? "";
        var involvedNamespace = WireJson.GetString(WireJson.GetObject(ev, "involvedObject"), "namespace") ?? "";
        if (ev["eventTime"] is null)
        {
            if (involvedNamespace.Length == 0 ? ns is not ("" or "default") : ns != involvedNamespace)
            {
                errors.Add(FieldError.Invalid("involvedObject.namespace", involvedNamespace, "does not match event.namespace"));
            }
            return errors;
        }
        errors.AddRange(Reporting(ev, "reportingComponent", "reportingComponent", "message"));
        return errors;
    }

    /// <summary>An events.k8s.io/v1 Event: eventTime, type Normal/Warning, reporting fields, and a short note.</summary>
    public static List<FieldError> ValidateEventsV1(JsonObject ev)
    {
        var errors = new List<FieldError>();
        if (ev["eventTime"] is null)
        {
            errors.Add(FieldError.Required("eventTime"));
        }
        var type = WireJson.GetString(ev, "type") ?? "";
        if (type is not ("Normal" or "Warning"))
        {
            errors.Add(FieldError.Invalid("type", "", $"has invalid value: {type}"));
        }
        errors.AddRange(Reporting(ev, "reportingController", "reportingController", "note"));
        return errors;
    }

    private static IEnumerable<FieldError> Reporting(JsonObject ev, string controllerField, string controllerName, string noteField)
    {
        var controller = WireJson.GetString(ev, controllerField) ?? "";
        if (controller.Length == 0)
        {
            yield return FieldError.Required(controllerName);
        }
        foreach (var message in NameRules.QualifiedName(controller))
        {
            yield return FieldError.Invalid(controllerName, controller, message);
        }
        foreach (var (field, limit) in new[] { ("reportingInstance", ReportingInstanceLimit), ("action", ActionLimit), ("reason", ReasonLimit) })
        {
            var value = WireJson.GetString(ev, field) ?? "";
            if (value.Length == 0)
            {
                yield return FieldError.Required(field);
            }
            if (value.Length > limit)
            {
                yield return FieldError.Invalid(field, "", $"can have at most {limit} characters");
            }
        }
        if ((WireJson.GetString(ev, noteField) ?? "").Length > NoteLimit)
        {
            yield return FieldError.Invalid(noteField, "", $"can have at most {NoteLimit} characters");
        }
    }
}
