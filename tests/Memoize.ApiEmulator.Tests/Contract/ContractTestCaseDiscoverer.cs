using Xunit.Abstractions;
using Xunit.Sdk;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>Turns each <see cref="ContractFactAttribute"/> method into one <see cref="ContractTestCase"/>.</summary>
/// <param name="diagnosticMessageSink">Where xunit wants diagnostics.</param>
public sealed class ContractTestCaseDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    /// <inheritdoc/>
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(discoveryOptions);
        yield return new ContractTestCase(
            diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod);
    }
}
