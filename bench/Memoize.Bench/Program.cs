using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Memoize.Bench;
using Memoize.Bench.Admission;
using Memoize.Bench.Cache;
using Memoize.Bench.Growth;
using Perfolizer.Horology;

// The admission benchmark's baseline server, started by the benchmark itself in its own process.
if (args.FirstOrDefault() == BareAdmissionServer.Verb)
{
    return await BareAdmissionServer.RunAsync(args);
}

// The growth benchmarks' API emulator, in a process of its own so that it is not in the memory they measure.
if (args.FirstOrDefault() == EmulatorProcess.Verb)
{
    return await EmulatorProcess.RunAsync(args);
}

// First argument: admission, admission-alloc (its BenchmarkDotNet part alone), cache, growth (lint, caches, informers, sustained), or one of those four; none = all. --quick: short runs (issue 9: the whole of `make bench` under 15 minutes on
// 2 cores, --quick under 3). Each part has a budget; its elapsed time is printed after it and all of them at the end.
var quick = args.Contains("--quick");
var suite = args.FirstOrDefault(arg => !arg.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var failed = false;
var total = Stopwatch.StartNew();
var parts = new List<(string Name, TimeSpan Elapsed, TimeSpan Budget)>();

// BenchmarkDotNet with a bounded job instead of its default (which picks its own iteration counts and took most of a
// 27-minute run): a fixed number of warm-up and measured iterations of a fixed length. Allocations are exact either
// way; times are medians of 8 iterations of 200 ms (3 of 100 ms with --quick, so rough). In process: no generated
// project to rebuild.
var job = (quick
        ? Job.Default.WithId("Quick").WithWarmupCount(1).WithIterationCount(3).WithIterationTime(TimeInterval.FromMilliseconds(100))
        : Job.Default.WithId("Bounded").WithWarmupCount(2).WithIterationCount(8).WithIterationTime(TimeInterval.FromMilliseconds(200)))
    .WithLaunchCount(1)
    .WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(Path.Combine(Path.GetTempPath(), "memoize-bench-artifacts"));

if (suite is "all" or "admission" or "admission-alloc")
{
    if (suite != "admission-alloc")
    {
        await Part("admission load", TimeSpan.FromSeconds(160), TimeSpan.FromSeconds(70), async () => await AdmissionLoadBenchmark.RunAsync(quick) == 0);
    }

    await Part("admission allocation (BenchmarkDotNet)", TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(20), () =>
    {
        var admission = BenchmarkRunner.Run<AdmissionReviewBenchmarks>(config);
        Console.WriteLine();
        Console.WriteLine(AllocationTable.Format(admission));
        return Task.FromResult(!admission.HasCriticalValidationErrors && admission.Reports.All(report => report.Success));
    });
}

if (suite is "all" or "cache")
{
    await Part("cache API cost", TimeSpan.FromSeconds(105), TimeSpan.FromSeconds(15), async () => await CacheApiCostBenchmark.RunAsync(quick) == 0);
}

if (suite is "all" or "growth" or "lint")
{
    await Part("growth: lint (BenchmarkDotNet)", TimeSpan.FromSeconds(50), TimeSpan.FromSeconds(15), () =>
    {
        var summary = BenchmarkRunner.Run<LintBenchmarks>(config);
        Console.WriteLine();
        Console.WriteLine("Growth: lint against 10 templates (linear: time and alloc ratios close to the size ratio)");
        Console.WriteLine(GrowthTable.Format(summary));
        return Task.FromResult(!summary.HasCriticalValidationErrors && summary.Reports.All(report => report.Success));
    });
}

if (suite is "all" or "growth" or "caches")
{
    await Part("growth: reconciler cache entries", TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(10), async () => await ReconcilerGrowthBenchmark.RunAsync() == 0);
}

if (suite is "all" or "growth" or "informers")
{
    await Part("growth: Workflows in the informers", TimeSpan.FromSeconds(110), TimeSpan.FromSeconds(20), async () => await InformerGrowthBenchmark.RunAsync(quick) == 0);
}

if (suite is "all" or "growth" or "sustained")
{
    await Part("growth: webhook under sustained load", TimeSpan.FromSeconds(320), TimeSpan.FromSeconds(25), async () => await SustainedLoadBenchmark.RunAsync(quick) == 0);
}

Console.WriteLine($"Elapsed per part ({(quick ? "--quick" : "full")}; budgets add up to the issue's limit less the build):");
foreach (var (name, elapsed, budget) in parts)
{
    Console.WriteLine($"  {name,-42} {Clock(elapsed),7}  budget {Clock(budget),5}{(elapsed > budget ? "  OVER" : "")}");
}

var budgetTotal = TimeSpan.FromTicks(parts.Sum(part => part.Budget.Ticks));
Console.WriteLine($"  {"total (this process)",-42} {Clock(total.Elapsed),7}  budget {Clock(budgetTotal),5}{(total.Elapsed > budgetTotal ? "  OVER" : "")}");
return failed ? 1 : 0;

async Task Part(string name, TimeSpan fullBudget, TimeSpan quickBudget, Func<Task<bool>> run)
{
    var start = Stopwatch.GetTimestamp();
    var succeeded = await run();
    failed |= !succeeded;
    var elapsed = Stopwatch.GetElapsedTime(start);
    var budget = quick ? quickBudget : fullBudget;
    parts.Add((name, elapsed, budget));
    Console.WriteLine($"[{name}: {Clock(elapsed)} (budget {Clock(budget)}){(succeeded ? "" : ", FAILED or a target missed")}]");
    Console.WriteLine();
}

static string Clock(TimeSpan time) => time.ToString(time.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
