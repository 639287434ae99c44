using System.Net;

namespace Memoize.Kubernetes;

/// <summary>
/// When and how long to wait before repeating a failed call. Reads (GET, list, watch start) are retried on
/// 500/502/503/504 and when the server cannot be reached; every verb is retried on 429 (the server did
/// not process it), honouring Retry-After. 404, 403, 409 and 422 are never retried.
/// </summary>
public sealed record RetryPolicy
{
    /// <summary>The default: 5 attempts, 200 ms doubling to at most 10 s, 20 % jitter, Retry-After honoured up to 60 s.</summary>
    public static RetryPolicy Default { get; } = new();

    /// <summary>No retries at all.</summary>
    public static RetryPolicy None { get; } = new() { MaxAttempts = 1 };

    /// <summary>How many times a call is tried in total (1 = never retried).</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait before the first retry; it doubles for each further retry.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts (before jitter is added).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Up to this fraction of the wait is added at random, so that many clients do not retry in step.</summary>
    public double JitterFraction { get; init; } = 0.2;

    /// <summary>The longest Retry-After honoured; a longer one is cut to this.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How to wait (tests inject a recorder so nothing really sleeps).</summary>
    public Func<TimeSpan, CancellationToken, Task> Delay { get; init; } = Task.Delay;

    /// <summary>The wait before retry number <paramref name="retry"/> (1-based): exponential, capped, with jitter.</summary>
    public TimeSpan BackoffFor(int retry)
    {
        var exponent = Math.Clamp(retry - 1, 0, 30);
        var baseTicks = Math.Min(InitialBackoff.Ticks * Math.Pow(2, exponent), MaxBackoff.Ticks);
        var jitter = JitterFraction <= 0 ? 0 : baseTicks * JitterFraction * Random.Shared.NextDouble();
        return TimeSpan.FromTicks((long)(baseTicks + jitter));
    }

    /// <summary>
    /// Whether attempt <paramref name="attempt"/> of a <paramref name="method"/> call may be repeated, and after how long;
    /// null = give up. <paramref name="status"/> is the HTTP code answered, null when no answer came (connection, TLS, timeout).
    /// </summary>
    internal TimeSpan? DelayBeforeRetry(int attempt, HttpMethod method, HttpStatusCode? status, TimeSpan? retryAfter)
    {
        if (attempt >= MaxAttempts)
        {
            return null;
        }

        var isRead = method == HttpMethod.Get;
        return status switch
        {
            // Throttled: the server did not process the request, so any verb may be sent again.
            HttpStatusCode.TooManyRequests => retryAfter is { } wait ? Cap(wait) : BackoffFor(attempt),
            HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout when isRead =>
                retryAfter is { } serverWait ? Cap(serverWait) : BackoffFor(attempt),

            // No answer: a write may have been applied, so only reads are repeated.
            null when isRead => BackoffFor(attempt),
            _ => null,
        };
    }

    private TimeSpan Cap(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > MaxRetryAfter ? MaxRetryAfter : wait;
}
