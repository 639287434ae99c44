using System.Globalization;
using Memoize.Core.Cache;

namespace Memoize.Cli.CacheInspection;

/// <summary>Byte counts for people (binary units, as Kubernetes quantities use), and their share of the 1 MiB ConfigMap limit.</summary>
public static class ByteSize
{
    /// <summary><c>612B</c>, <c>12.3KiB</c> or <c>1.0MiB</c>.</summary>
    public static string Format(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + "B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + "KiB",
        _ => (bytes / (1024.0 * 1024.0)).ToString("0.0", CultureInfo.InvariantCulture) + "MiB",
    };

    /// <summary>The share of the ConfigMap limit (1048576 bytes) that <paramref name="bytes"/> take, in percent.</summary>
    public static double PercentOfLimit(long bytes) => bytes * 100.0 / CacheBudget.ConfigMapLimitBytes;

    /// <summary>The share of the limit with one decimal, e.g. <c>12.5%</c>.</summary>
    public static string FormatPercentOfLimit(long bytes) =>
        PercentOfLimit(bytes).ToString("0.0", CultureInfo.InvariantCulture) + "%";
}
