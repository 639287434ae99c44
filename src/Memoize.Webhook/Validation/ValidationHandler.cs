using Memoize.Core.Objects;
using Memoize.Core.Rules;
using Memoize.Webhook.Admission;
using Memoize.Webhook.Admission.Decorators;

namespace Memoize.Webhook.Validation;

/// <summary>
/// The core of <c>POST /validate</c>: runs the memoize rules over an Argo object on CREATE and UPDATE and denies
/// when they find errors, with every problem in one message; warnings are passed on. Everything else is allowed.
/// </summary>
public sealed class ValidationHandler : IAdmissionHandler
{
    private readonly Func<ReadOnlyArgoObject, IReadOnlyList<Finding>> _rules;

    /// <summary>Creates the handler with the core rules, or other <paramref name="rules"/> (tests).</summary>
    public ValidationHandler(Func<ReadOnlyArgoObject, IReadOnlyList<Finding>>? rules = null)
    {
        _rules = rules ?? MemoizeValidator.Validate;
    }

    /// <inheritdoc />
    public Task<AdmissionResponse> HandleAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (!request.IsCreateOrUpdate || !string.IsNullOrEmpty(request.SubResource) || !request.Kind.IsArgoKind)
        {
            return Task.FromResult(AdmissionResponse.Allowed());
        }

        // The rules read the JSON as parsed: no node is built for a review.
        var argoObject = request.ObjectJson is { } json ? ReadOnlyArgoObject.TryFrom(json) : null;
        if (argoObject is null)
        {
            return Task.FromResult(AdmissionResponse.Allowed());
        }

        var findings = _rules(argoObject);
        if (findings.Count == 0)
        {
            return Task.FromResult(AdmissionResponse.Allowed());
        }

        var errors = findings.Where(f => f.Severity == Severity.Error).ToList();
        var warnings = FindingWarnings.For(findings.Where(f => f.Severity == Severity.Warning));
        return Task.FromResult(errors.Count == 0
            ? AdmissionResponse.Allowed(warnings)
            : AdmissionResponse.Denied(DenialMessage.For(argoObject.Kind, FailurePolicyGuard.ObjectName(request), errors), warnings));
    }
}
