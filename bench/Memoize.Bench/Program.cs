using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Memoize.Bench;
using Memoize.Bench.Cache;

// First argument: admission, cache, growth, lint; none = all. --quick: short runs.
// In-process: no generated project to rebuild (which would also inherit the repository's build settings).
var quick = args.Contains("--quick");
var what = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var failed = 0;

if (what is "all" or "cache")
{
    failed |= await CacheApiCostBenchmark.RunAsync(quick);
}

if (what is "all" or "lint" or "growth")
{
    // --quick: 1 warm-up, 3 iterations of ~100 ms each, so the three sizes take seconds, not minutes.
    var job = (quick ? Job.ShortRun.WithWarmupCount(1).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100)) : Job.Default)
        .WithToolchain(InProcessEmitToolchain.Instance);
    var config = DefaultConfig.Instance
        .AddJob(job)
        .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "memoize-bench-artifacts"));
    var summary = BenchmarkRunner.Run<LintBenchmarks>(config);
    Console.WriteLine();
    Console.WriteLine("Growth against 10 templates (linear: time and alloc ratios close to the size ratio)");
    Console.WriteLine(GrowthTable.Format(summary));
    failed |= summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success) ? 1 : 0;
}

if (what is "all" or "growth")
{
    failed |= await Memoize.Bench.Growth.ReconcilerGrowthBenchmark.RunAsync(quick);
}

return failed;
