using k8s.Models;
using System.Collections.Concurrent;
using Memoize.Kubernetes;
using Memoize.Kubernetes.Errors;
using Memoize.Kubernetes.Informers;
using Memoize.Kubernetes.Resources;

namespace Memoize.ApiEmulator.Tests.Contract;

/// <summary>The informer the reconciler's cache reads come from: events in order, and a correct store after a 410 re-list.</summary>
[Collection(ContractCollection.Name)]
[Trait("Category", "Contract")]
public sealed class InformerContractTests(ContractCluster cluster)
{
    private readonly ConfigMapClient configMaps = new(cluster.Client);

    [ContractFact]
    public async Task The_informer_lists_then_delivers_every_change_in_order()
    {
        var test = ContractCluster.UniqueName("informer");
        var a = await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, $"{test}-a", test));
        await using var running = InformerRun.Start(new ResourceInformer<V1ConfigMap, V1ConfigMap>(configMaps, c => c, cluster.Namespace, ContractObjects.Selector(test)));
        await Deadline.WaitAsync(running.Informer.Synced, "the informer's first list");

        await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, $"{test}-b", test));
        var changedA = ContractObjects.Clone(a);
        changedA.Data["k"] = "v";
        var updatedA = await configMaps.UpdateAsync(changedA);
        await configMaps.DeleteAsync(cluster.Namespace, $"{test}-b");
        await running.WaitForEventsAsync(4);

        Assert.Equal(
            [$"Added {test}-a", $"Added {test}-b", $"Updated {test}-a", $"Deleted {test}-b"],
            running.Events.Select(e => $"{e.Type} {e.Object.Name()}"));
        Assert.Equal(a.ResourceVersion(), running.Events[2].OldObject!.ResourceVersion());
        Assert.Equal(updatedA.ResourceVersion(), running.Events[2].Object.ResourceVersion());
        Assert.Equal([$"{test}-a"], running.Informer.List().Select(c => c.Name()));
        Assert.Equal("v", running.Informer.TryGet(cluster.Namespace, $"{test}-a")!.Data["k"]);
        Assert.Null(running.Informer.TryGet(cluster.Namespace, $"{test}-b"));
        Assert.Empty(running.Errors);
    }

    [ContractFact(EmulatorOnly = "it compacts history on demand and holds the re-list back with an injected failure")]
    public async Task After_a_410_the_informer_lists_again_and_delivers_only_what_changed_meanwhile()
    {
        var emulator = cluster.RequireEmulator();
        var test = ContractCluster.UniqueName("relist");
        var a = await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, $"{test}-a", test));
        await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, $"{test}-b", test));

        // The informer's client never retries, and its first backoff waits for the test: that is the window in
        // which the test changes things the informer can only learn about from its next list.
        var backingOff = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resume = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var options = new InformerOptions
        {
            InitialBackoff = TimeSpan.FromMilliseconds(10),
            Delay = async (wait, token) =>
            {
                if (backingOff.TrySetResult())
                {
                    await resume.Task.WaitAsync(token);
                    return;
                }

                await Task.Delay(wait, token);
            },
        };
        using var client = cluster.CreateClient(RetryPolicy.None);
        var watchesBefore = emulator.OpenWatchCount;
        await using var running = InformerRun.Start(new ResourceInformer<V1ConfigMap, V1ConfigMap>(new ConfigMapClient(client), c => c, cluster.Namespace, ContractObjects.Selector(test), options));
        await Deadline.WaitAsync(running.Informer.Synced, "the informer's first list");
        await Deadline.UntilAsync(() => emulator.OpenWatchCount > watchesBefore, "the informer watches");

        emulator.Faults.FailNext(1, 500, verb: "list", resource: "configmaps");
        emulator.Compact();
        await Deadline.WaitAsync(backingOff.Task, "the informer to fail its re-list after the 410 and back off");

        var changedA = ContractObjects.Clone(a);
        changedA.Data["k"] = "v";
        var updatedA = await configMaps.UpdateAsync(changedA);
        await configMaps.DeleteAsync(cluster.Namespace, $"{test}-b");
        var c = await configMaps.CreateAsync(ContractObjects.ConfigMap(cluster, $"{test}-c", test));
        resume.SetResult();
        await running.WaitForEventsAsync(5);

        Assert.Equal(
            [$"Added {test}-a", $"Added {test}-b", $"Updated {test}-a", $"Added {test}-c", $"Deleted {test}-b"],
            running.Events.Select(e => $"{e.Type} {e.Object.Name()}"));
        var store = running.Informer.List().ToDictionary(o => o.Name(), o => (string?)o.ResourceVersion());
        Assert.Equal(new Dictionary<string, string?> { [$"{test}-a"] = updatedA.ResourceVersion(), [$"{test}-c"] = c.ResourceVersion() }, store);
        var failure = Assert.IsType<ServerErrorException>(Assert.Single(running.Errors));
        Assert.Equal(500, failure.Status.Code);
    }

    /// <summary>An informer running in the background, recording its events and errors; disposing stops it.</summary>
    private sealed class InformerRun : IAsyncDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly ConcurrentQueue<ResourceEvent<V1ConfigMap>> events = new();
        private readonly ConcurrentQueue<Exception> errors = new();
        private Task loop = Task.CompletedTask;

        private InformerRun(ResourceInformer<V1ConfigMap, V1ConfigMap> informer)
        {
            Informer = informer;
        }

        public ResourceInformer<V1ConfigMap, V1ConfigMap> Informer { get; }

        public IReadOnlyList<ResourceEvent<V1ConfigMap>> Events => events.ToList();

        public IReadOnlyList<Exception> Errors => errors.ToList();

        public static InformerRun Start(ResourceInformer<V1ConfigMap, V1ConfigMap> informer)
        {
            var run = new InformerRun(informer);
            informer.AddHandler((change, _) =>
            {
                run.events.Enqueue(change);
                return Task.CompletedTask;
            });
            informer.ErrorOccurred += run.errors.Enqueue;
            run.loop = Task.Run(() => informer.RunAsync(run.stop.Token));
            return run;
        }

        public Task WaitForEventsAsync(int count) => Deadline.UntilAsync(
            () => events.Count >= count,
            $"the informer has delivered {count} events",
            () => string.Join(", ", events.Select(e => $"{e.Type} {e.Object.Name()}")) + "; errors: " + string.Join("; ", errors.Select(e => e.Message)));

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await Deadline.WaitAsync(loop, "the informer to stop");
            stop.Dispose();
        }
    }
}
