namespace Memoize.Core.Rules;

/// <summary>One problem found in an Argo object: where it is, how serious it is, and what to do about it.</summary>
/// <param name="Path">The exact field path, e.g. <c>spec.templates[3].memoize.maxAge</c>.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">The whole message a person reads, starting with the field path.</param>
/// <param name="TemplateName">The template the memoize block belongs to; null for templateDefaults.</param>
public sealed record Finding(string Path, Severity Severity, string Message, string? TemplateName);
