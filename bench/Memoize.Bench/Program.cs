using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Memoize.Bench;

// In-process: no generated project to rebuild (which would also inherit the repository's build settings).
// --quick: a short job (3 warm-ups, 3 iterations) so the whole run takes a minute or two.
var quick = args.Contains("--quick");
var job = (quick ? Job.ShortRun : Job.Default).WithToolchain(InProcessEmitToolchain.Instance);
var config = DefaultConfig.Instance
    .AddJob(job)
    .WithArtifactsPath(Path.Combine(Path.GetTempPath(), "memoize-bench-artifacts"));

var summary = BenchmarkRunner.Run<LintBenchmarks>(config);
Console.WriteLine();
Console.WriteLine("Growth against 10 templates (linear: time and alloc ratios close to the size ratio)");
Console.WriteLine(GrowthTable.Format(summary));
return summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success) ? 1 : 0;
