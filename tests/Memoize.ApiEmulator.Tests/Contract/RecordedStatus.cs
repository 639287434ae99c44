using Memoize.ApiEmulator.Tests.Support;
using Memoize.Kubernetes.Errors;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>The recorded kube-apiserver Status answers (tests/fixtures/api), and the check that an error carries exactly one of them.</summary>
internal static class RecordedStatus
{
    /// <summary>
    /// The Status recorded in <paramref name="fixture"/>; with <paramref name="name"/>, the object's name
    /// (<paramref name="recordedName"/> in the recording) replaced by it, as it would be for that object.
    /// </summary>
    public static KubernetesStatus Load(string fixture, string? recordedName = null, string? name = null)
    {
        var status = KubernetesStatus.TryParse(File.ReadAllText(Fixture.PathOf(fixture)))
            ?? throw new InvalidOperationException($"{fixture} is not a recorded Status");
        if (recordedName is null || name is null)
        {
            return status;
        }

        return status with
        {
            Message = status.Message.Replace($"\"{recordedName}\"", $"\"{name}\"", StringComparison.Ordinal),
            Name = status.Name == recordedName ? name : status.Name,
        };
    }

    /// <summary>Asserts <paramref name="error"/> carries exactly <paramref name="expected"/> (code, reason, message, details, causes) and its HTTP code.</summary>
    public static void AssertCarries(KubernetesStatus expected, KubernetesApiException error)
    {
        Assert.Equal(expected.Message, error.Message);
        Assert.Equal(expected.Message, error.Status.Message);
        Assert.Equal(expected.Reason, error.Reason);
        Assert.Equal(expected.Code, error.Status.Code);
        Assert.Equal(expected.Code, (int)error.HttpStatusCode);
        Assert.Equal(expected.Name, error.Status.Name);
        Assert.Equal(expected.Kind, error.Status.Kind);
        Assert.Equal(expected.Causes, error.Status.Causes);
    }
}
