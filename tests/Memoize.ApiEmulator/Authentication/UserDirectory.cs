using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Memoize.ApiEmulator.Authentication;

/// <summary>The bearer tokens the emulator accepts and the users they stand for.</summary>
internal sealed class UserDirectory
{
    private readonly ConcurrentDictionary<string, EmulatorUser> byToken = new(StringComparer.Ordinal);

    /// <summary>Registers a user with a fresh random token and returns it.</summary>
    public EmulatorUser Add(string username, IReadOnlyList<string> groups)
    {
        var token = $"emulator-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}";
        var user = new EmulatorUser(username, groups, token);
        byToken[token] = user;
        return user;
    }

    /// <summary>The user for an <c>Authorization</c> header value, or null when it is missing or unknown.</summary>
    public EmulatorUser? Authenticate(string? authorizationHeader)
    {
        const string prefix = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        return byToken.GetValueOrDefault(authorizationHeader[prefix.Length..].Trim());
    }
}
