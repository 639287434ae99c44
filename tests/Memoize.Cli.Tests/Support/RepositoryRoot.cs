namespace Memoize.Cli.Tests.Support;

/// <summary>The repository's root folder (the one with Webhook.sln), found by walking up from the test binaries.</summary>
public static class RepositoryRoot
{
    /// <summary>The root's absolute path; fails the test clearly when the tests run outside a checkout.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Webhook.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Webhook.sln above {AppContext.BaseDirectory}: run the tests from a checkout of the repository");
    }
}
