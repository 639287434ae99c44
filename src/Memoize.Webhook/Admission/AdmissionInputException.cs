namespace Memoize.Webhook.Admission;

/// <summary>
/// A request that is not a usable AdmissionReview. The adapter answers it with <see cref="StatusCode"/>
/// and a Kubernetes <c>Status</c> body carrying <see cref="Exception.Message"/>, never a stack trace.
/// </summary>
public sealed class AdmissionInputException : Exception
{
    /// <summary>Creates the error with the HTTP status code to answer and a message saying what is wrong and how to fix it.</summary>
    public AdmissionInputException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status code of the answer (400, 413 or 415).</summary>
    public int StatusCode { get; }
}
