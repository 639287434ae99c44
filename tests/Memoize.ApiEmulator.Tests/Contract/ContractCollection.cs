namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>The contract tests share one <see cref="ContractCluster"/> and run one at a time (fault injection and compaction touch the whole emulator).</summary>
[CollectionDefinition(Name)]
public sealed class ContractCollection : ICollectionFixture<ContractCluster>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Contract";
}
