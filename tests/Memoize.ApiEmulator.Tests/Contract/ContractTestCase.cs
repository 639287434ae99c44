using Xunit.Abstractions;
using Xunit.Sdk;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>
/// A test case that is skipped against a real cluster when marked <see cref="ContractFactAttribute.EmulatorOnly"/>,
/// and that reports a <see cref="ContractSkipException"/> thrown while running as skipped (with its reason) instead of failed.
/// </summary>
public sealed class ContractTestCase : XunitTestCase
{
    /// <summary>For xunit's deserializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ContractTestCase()
    {
    }

    /// <summary>A test case for <paramref name="testMethod"/>.</summary>
    public ContractTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions, ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc/>
    public override async Task<RunSummary> RunAsync(
        IMessageSink diagnosticMessageSink,
        IMessageBus messageBus,
        object[] constructorArguments,
        ExceptionAggregator aggregator,
        CancellationTokenSource cancellationTokenSource)
    {
        using var skipping = new SkippingMessageBus(messageBus);
        var summary = await base.RunAsync(diagnosticMessageSink, skipping, constructorArguments, aggregator, cancellationTokenSource);
        summary.Failed -= skipping.Skipped;
        summary.Skipped += skipping.Skipped;
        return summary;
    }

    /// <inheritdoc/>
    protected override string? GetSkipReason(IAttributeInfo factAttribute)
    {
        ArgumentNullException.ThrowIfNull(factAttribute);
        var emulatorOnly = factAttribute.GetNamedArgument<string?>(nameof(ContractFactAttribute.EmulatorOnly));
        return base.GetSkipReason(factAttribute)
            ?? (emulatorOnly is not null && ContractCluster.TargetsRealCluster ? $"runs only against the emulator: {emulatorOnly}" : null);
    }

    /// <summary>Passes messages on, replacing the failure of a test that threw <see cref="ContractSkipException"/> with a skip.</summary>
    private sealed class SkippingMessageBus(IMessageBus inner) : IMessageBus
    {
        public int Skipped { get; private set; }

        public bool QueueMessage(IMessageSinkMessage message)
        {
            if (message is ITestFailed failed && failed.ExceptionTypes.FirstOrDefault() == typeof(ContractSkipException).FullName)
            {
                Skipped++;
                return inner.QueueMessage(new TestSkipped(failed.Test, failed.Messages.FirstOrDefault()));
            }

            return inner.QueueMessage(message);
        }

        // The inner bus belongs to xunit.
        public void Dispose()
        {
        }
    }
}
