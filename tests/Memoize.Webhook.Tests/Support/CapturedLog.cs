using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Tests.Support;

/// <summary>One log line with its structured fields and the fields of its scopes.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, IReadOnlyDictionary<string, object?> Fields, IReadOnlyDictionary<string, object?> ScopeFields);
