namespace Memoize.Cli.Certificates;

/// <summary>Writes a <see cref="DevCertificateSet"/> to a directory as ca.crt, ca.key, tls.crt and tls.key; keys are readable by their owner only.</summary>
public static class DevCertificateFiles
{
    /// <summary>The CA certificate's file name.</summary>
    public const string CaCertificate = "ca.crt";

    /// <summary>The CA key's file name.</summary>
    public const string CaKey = "ca.key";

    /// <summary>The serving certificate's file name (the name a kubernetes.io/tls Secret uses).</summary>
    public const string Certificate = "tls.crt";

    /// <summary>The serving key's file name (the name a kubernetes.io/tls Secret uses).</summary>
    public const string Key = "tls.key";

    /// <summary>Every file written, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = [CaCertificate, CaKey, Certificate, Key];

    /// <summary>The files of <see cref="Names"/> that already exist in <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> Existing(string directory) =>
        Names.Select(name => Path.Combine(directory, name)).Where(File.Exists).ToList();

    /// <summary>
    /// Writes the four files into <paramref name="directory"/> (created when missing): certificates mode 0644, keys mode
    /// 0600 from the moment they exist. Existing files are replaced; check <see cref="Existing"/> first.
    /// </summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The directory is not writable.</exception>
    public static void Write(string directory, DevCertificateSet certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        Directory.CreateDirectory(directory);
        WriteFile(Path.Combine(directory, CaCertificate), certificates.CaCertificatePem, secret: false);
        WriteFile(Path.Combine(directory, CaKey), certificates.CaKeyPem, secret: true);
        WriteFile(Path.Combine(directory, Certificate), certificates.CertificatePem, secret: false);
        WriteFile(Path.Combine(directory, Key), certificates.KeyPem, secret: true);
    }

    private static void WriteFile(string path, string text, bool secret)
    {
        // Delete first: a file's mode is set only when it is created, and a replaced key must not keep a looser one.
        File.Delete(path);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = secret
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite
                : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.Write(text);
    }
}
