using Xunit.Sdk;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>
/// A contract test: runs against the emulator, or against the cluster <c>MEMOIZE_TEST_KUBECONFIG</c> names. It may skip
/// itself at run time by throwing <see cref="ContractSkipException"/> (xunit 2 has no dynamic skip of its own).
/// </summary>
[XunitTestCaseDiscoverer("Memoize.ApiEmulator.Tests.Contract.ContractTestCaseDiscoverer", "Memoize.ApiEmulator.Tests")]
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ContractFactAttribute : FactAttribute
{
    /// <summary>Why the test needs the emulator (fault injection, compaction on demand, ...); when set, it is skipped against a real cluster with this reason.</summary>
    public string? EmulatorOnly { get; set; }
}
