namespace Memoize.Kubernetes.Errors;

/// <summary>One cause inside a Kubernetes <c>Status</c>'s details, e.g. a field that failed validation.</summary>
/// <param name="Reason">The machine reason, e.g. <c>FieldValueInvalid</c> or <c>FieldValueTooLong</c>.</param>
/// <param name="Message">The human message, e.g. <c>Too long: must have at most 1048576 bytes</c>.</param>
/// <param name="Field">The field path, e.g. <c>metadata.name</c> or <c>data[bad key!]</c>.</param>
public sealed record StatusCause(string? Reason, string? Message, string? Field);
