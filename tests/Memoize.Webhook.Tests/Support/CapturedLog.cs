using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Tests.Support;

/// <summary>One log line with its structured fields, the fields of its scopes and its exception (with the stack), if any.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields, IReadOnlyDictionary<string, object?> ScopeFields, string? Exception = null);
