using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Memoize.Bench;
using Memoize.Bench.Admission;
using Memoize.Bench.Cache;
using Memoize.Bench.Growth;

// The admission benchmark's baseline server, started by the benchmark itself in its own process.
if (args.FirstOrDefault() == BareAdmissionServer.Verb)
{
    return await BareAdmissionServer.RunAsync(args);
}

// First argument: admission, admission-alloc (its BenchmarkDotNet part alone), cache, growth, lint; none = all. --quick: short runs.
// In-process: no generated project to rebuild (which would also inherit the repository's build settings).
var quick = args.Contains("--quick");
var suite = args.FirstOrDefault(arg => !arg.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var failed = false;

if (suite is "all" or "admission" or "admission-alloc")
{
    var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
    var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(Path.Combine(Path.GetTempPath(), "memoize-bench-artifacts"));
    if (suite != "admission-alloc")
    {
        failed |= await AdmissionLoadBenchmark.RunAsync(quick) != 0;
    }

    var admission = BenchmarkRunner.Run<AdmissionReviewBenchmarks>(config);
    Console.WriteLine();
    Console.WriteLine(AllocationTable.Format(admission));
    failed |= admission.HasCriticalValidationErrors || admission.Reports.Any(report => !report.Success);
}

if (suite is "all" or "cache")
{
    failed |= await CacheApiCostBenchmark.RunAsync(quick) != 0;
}

if (suite is "all" or "lint" or "growth")
{
    // --quick: 1 warm-up, 3 iterations of ~100 ms each, so the three sizes take seconds, not minutes.
    var job = (quick ? Job.ShortRun.WithWarmupCount(1).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100)) : Job.Default)
        .WithToolchain(InProcessEmitToolchain.Instance);
    var config = DefaultConfig.Instance.AddJob(job).WithArtifactsPath(Path.Combine(Path.GetTempPath(), "memoize-bench-artifacts"));
    var summary = BenchmarkRunner.Run<LintBenchmarks>(config);
    Console.WriteLine();
    Console.WriteLine("Growth against 10 templates (linear: time and alloc ratios close to the size ratio)");
    Console.WriteLine(GrowthTable.Format(summary));
    failed |= summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success);
}

if (suite is "all" or "growth")
{
    failed |= await ReconcilerGrowthBenchmark.RunAsync(quick) != 0;
}

return failed ? 1 : 0;
