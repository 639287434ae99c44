namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>Thrown by a contract test that cannot check its behaviour on this cluster; the test is reported as skipped with the message as the reason.</summary>
public sealed class ContractSkipException : Exception
{
    /// <summary>Skips with <paramref name="reason"/> (what is missing and how to make the test run).</summary>
    public ContractSkipException(string reason)
        : base(reason)
    {
    }
}
