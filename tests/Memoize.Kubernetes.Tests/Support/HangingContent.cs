using System.IO.Pipelines;

namespace Memoize.Kubernetes.Tests.Support;

/// <summary>A watch response that stays open and silent until the reader gives up (cancellation).</summary>
internal static class HangingContent
{
    public static HttpResponseMessage Response() =>
        new(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new Pipe().Reader.AsStream()) };
}
