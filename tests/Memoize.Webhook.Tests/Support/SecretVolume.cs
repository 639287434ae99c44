using System.Runtime.InteropServices;

namespace Memoize.Webhook.Tests.Support;

/// <summary>
/// A temp directory laid out like a mounted Kubernetes Secret: <c>tls.crt -> ..data/tls.crt</c>,
/// <c>..data -> ..&lt;timestamp&gt;</c>; an update writes a new timestamped directory and swaps <c>..data</c> atomically
/// (a new symlink renamed over the old one), exactly like the kubelet's atomic writer.
/// </summary>
public sealed class SecretVolume : IDisposable
{
    private int _generation;

    public SecretVolume(ServingPair pair)
    {
        Directory = Path.Combine(Path.GetTempPath(), "memoize-webhook-tests-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var first = WriteGeneration(pair);
        File.CreateSymbolicLink(Path.Combine(Directory, "..data"), first);
        File.CreateSymbolicLink(CertPath, Path.Combine("..data", "tls.crt"));
        File.CreateSymbolicLink(KeyPath, Path.Combine("..data", "tls.key"));
    }

    public string Directory { get; }

    public string CertPath => Path.Combine(Directory, "tls.crt");

    public string KeyPath => Path.Combine(Directory, "tls.key");

    /// <summary>The kubelet's update: new data directory, new ..data_tmp symlink, rename over ..data, remove the old directory.</summary>
    public void Swap(ServingPair pair)
    {
        var old = File.ResolveLinkTarget(Path.Combine(Directory, "..data"), returnFinalTarget: false)!.FullName;
        var next = WriteGeneration(pair);
        var temporary = Path.Combine(Directory, "..data_tmp");
        File.CreateSymbolicLink(temporary, next);
        // rename(2) over the old symlink, as the kubelet does (File.Move would follow the link to the directory).
        if (Rename(temporary, Path.Combine(Directory, "..data")) != 0)
        {
            throw new IOException($"rename failed with errno {Marshal.GetLastPInvokeError()}");
        }

        System.IO.Directory.Delete(old, recursive: true);
    }

    /// <summary>Overwrites tls.crt's target in place with something that is not a certificate.</summary>
    public void CorruptCertificate() => File.WriteAllText(File.ResolveLinkTarget(CertPath, returnFinalTarget: true)!.FullName, "not a certificate");

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename([MarshalAs(UnmanagedType.LPUTF8Str)] string oldPath, [MarshalAs(UnmanagedType.LPUTF8Str)] string newPath);

    private string WriteGeneration(ServingPair pair)
    {
        var name = $"..2026_11_21_15_00_{++_generation:00}.{Guid.NewGuid():N}";
        var path = Path.Combine(Directory, name);
        System.IO.Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "tls.crt"), pair.CertificatePem);
        File.WriteAllText(Path.Combine(path, "tls.key"), pair.KeyPem);
        return name;
    }
}
