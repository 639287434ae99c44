using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Memoize.Webhook.Host;

/// <summary>
/// The TLS certificate the admission endpoint serves, read from PEM files (the mounted Secret) and reloaded when they
/// change: on file events in their directory, and on a periodic re-check that catches Kubernetes' atomic
/// <c>..data</c> symlink swap if an event is missed. A new pair is taken only when it loads; otherwise the old one
/// stays and the problem is logged. Handshakes read <see cref="Current"/>, so requests in flight are not dropped.
/// A certificate that expires within <see cref="ExpiryWarningWindow"/> is logged as a warning once (at load or at the
/// re-check that first sees it in the window); an expired or not yet valid one is a <see cref="ValidityProblem"/>,
/// which /readyz reports.
/// </summary>
public sealed class ServingCertificate : IDisposable
{
    private readonly string? _certPath;
    private readonly string? _keyPath;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<FileSystemWatcher> _watchers = [];
    private ITimer? _timer;
    private X509Certificate2? _current;
    private string? _loadedFingerprint;
    private string? _failedFingerprint;
    private string? _expiryWarnedFingerprint;
    private long _generation;

    private ServingCertificate(string? certPath, string? keyPath, TimeProvider time, ILogger logger)
    {
        _certPath = certPath;
        _keyPath = keyPath;
        _time = time;
        _logger = logger;
    }

    /// <summary>
    /// How long before expiry a warning is logged. cert-manager renews a certificate a third of its lifetime before it
    /// expires (30 days for the usual 90), so a serving certificate this close to its end was not renewed.
    /// </summary>
    public static readonly TimeSpan ExpiryWarningWindow = TimeSpan.FromDays(7);

    /// <summary>The certificate to serve now; null until a pair has loaded.</summary>
    public X509Certificate2? Current => Volatile.Read(ref _current);

    /// <summary>True once a certificate is loaded.</summary>
    public bool IsLoaded => Current is not null;

    /// <summary>When the current certificate expires.</summary>
    public DateTimeOffset? NotAfter => Current is { } certificate ? new DateTimeOffset(certificate.NotAfter.ToUniversalTime()) : null;

    /// <summary>Why the last load failed; null after a successful one.</summary>
    public string? LastError { get; private set; }

    /// <summary>How many pairs have been loaded (1 after the first).</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Serves a fixed certificate (the generated development one); never reloads.</summary>
    public static ServingCertificate Fixed(X509Certificate2 certificate, ILogger logger)
    {
        var serving = new ServingCertificate(null, null, TimeProvider.System, logger) { _current = certificate, _generation = 1 };
        return serving;
    }

    /// <summary>Loads the pair from <paramref name="certPath"/> and <paramref name="keyPath"/> and watches them.</summary>
    public static ServingCertificate FromFiles(string certPath, string keyPath, TimeSpan recheckInterval, TimeProvider time, ILogger logger)
    {
        var serving = new ServingCertificate(Path.GetFullPath(certPath), Path.GetFullPath(keyPath), time, logger);
        serving.Reload();
        serving.Watch(recheckInterval, time);
        return serving;
    }

    /// <summary>
    /// Why the current certificate cannot serve now (expired, or not valid yet), with what to do; null while it is
    /// valid or none is loaded (<see cref="LastError"/> says why then).
    /// </summary>
    public string? ValidityProblem()
    {
        if (Current is not { } certificate)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime());
        if (now >= notAfter)
        {
            return $"serving certificate expired at {notAfter:yyyy-MM-ddTHH:mm:ssZ}: kube-apiserver refuses its TLS handshake; "
                + $"renew the certificate in the Secret behind {_certPath ?? "the certificate"} (cert-manager: kubectl -n memoize-system describe certificate)";
        }

        return now < notBefore
            ? $"serving certificate is not valid before {notBefore:yyyy-MM-ddTHH:mm:ssZ}: check this node's clock and the issuer's"
            : null;
    }

    /// <summary>Reads the files and takes the pair when it changed and loads; returns true when a new certificate was taken.</summary>
    public bool Reload()
    {
        if (_certPath is null || _keyPath is null)
        {
            return false;
        }

        lock (_lock)
        {
            string certText, keyText;
            try
            {
                certText = File.ReadAllText(_certPath);
                keyText = File.ReadAllText(_keyPath);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Mid-swap or not mounted yet: the next event or re-check tries again.
                return Fail($"cannot read {_certPath} and {_keyPath}: {e.Message}", null);
            }

            var fingerprint = Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(certText + "\n--key--\n" + keyText)));
            if (fingerprint == _loadedFingerprint)
            {
                WarnWhenExpiringSoon(fingerprint);
                return false;
            }

            X509Certificate2 certificate;
            try
            {
                certificate = X509Certificate2.CreateFromPem(certText, keyText);
            }
            catch (Exception e) when (e is CryptographicException or ArgumentException)
            {
                return Fail($"{_certPath} and {_keyPath} are not a matching PEM certificate and private key ({e.Message})", fingerprint);
            }

            Volatile.Write(ref _current, certificate);
            _loadedFingerprint = fingerprint;
            _failedFingerprint = null;
            LastError = null;
            Interlocked.Increment(ref _generation);
            _logger.LogInformation(
                "Serving certificate loaded: {Subject}, expires {NotAfter:o}, SHA-256 {Thumbprint}",
                certificate.Subject,
                certificate.NotAfter.ToUniversalTime(),
                certificate.GetCertHashString(HashAlgorithmName.SHA256));
            WarnWhenExpiringSoon(fingerprint);
            return true;
        }
    }

    /// <summary>Logs once per certificate, when it is loaded or first seen within <see cref="ExpiryWarningWindow"/> of its end.</summary>
    private void WarnWhenExpiringSoon(string fingerprint)
    {
        if (Current is not { } certificate || fingerprint == _expiryWarnedFingerprint)
        {
            return;
        }

        var left = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()) - _time.GetUtcNow();
        if (left > ExpiryWarningWindow)
        {
            return;
        }

        _expiryWarnedFingerprint = fingerprint;
        if (left <= TimeSpan.Zero)
        {
            _logger.LogWarning("Serving certificate {Subject} expired at {NotAfter:o}: admission fails until it is renewed", certificate.Subject, certificate.NotAfter.ToUniversalTime());
        }
        else
        {
            _logger.LogWarning(
                "Serving certificate {Subject} expires at {NotAfter:o}, in {HoursLeft} hours: it was not renewed; renew it before then or admission fails",
                certificate.Subject,
                certificate.NotAfter.ToUniversalTime(),
                (long)left.TotalHours);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _timer?.Dispose();
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }
    }

    private bool Fail(string problem, string? fingerprint)
    {
        LastError = problem;
        if (fingerprint is null || fingerprint != _failedFingerprint)
        {
            _failedFingerprint = fingerprint;
            _logger.LogWarning(
                Current is null ? "Serving certificate not loaded: {Problem}" : "Serving certificate not reloaded, still serving the previous one: {Problem}",
                problem);
        }

        return false;
    }

    private void Watch(TimeSpan recheckInterval, TimeProvider time)
    {
        foreach (var directory in new[] { Path.GetDirectoryName(_certPath)!, Path.GetDirectoryName(_keyPath)! }.Distinct(StringComparer.Ordinal))
        {
            try
            {
                var watcher = new FileSystemWatcher(directory)
                {
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.CreationTime | NotifyFilters.Size,
                    IncludeSubdirectories = false,
                };
                watcher.Changed += (_, _) => Reload();
                watcher.Created += (_, _) => Reload();
                watcher.Deleted += (_, _) => Reload();
                watcher.Renamed += (_, _) => Reload();
                watcher.Error += (_, e) => _logger.LogWarning("Watching {Directory} failed ({Problem}); the periodic re-check still reloads the certificate", directory, e.GetException().Message);
                watcher.EnableRaisingEvents = true;
                _watchers.Add(watcher);
            }
            catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
            {
                _logger.LogWarning("Cannot watch {Directory} ({Problem}); the periodic re-check still reloads the certificate", directory, e.Message);
            }
        }

        _timer = time.CreateTimer(_ => Reload(), null, recheckInterval, recheckInterval);
    }
}
