namespace Memoize.ApiEmulator;

/// <summary>Settings for <see cref="KubernetesApiEmulator.StartAsync"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>How many writes the watch history keeps; watches from older revisions get 410 Expired. Default 1000.</summary>
    public int WatchHistoryLimit { get; init; } = 1000;

    /// <summary>How often open watches that allow bookmarks get a BOOKMARK (null: never; tests call SendBookmarks). Default one minute.</summary>
    public TimeSpan? BookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The clock for creationTimestamp and deletionTimestamp (a fake one makes timestamps predictable).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The user behind <see cref="KubernetesApiEmulator.BearerToken"/>; a member of system:masters, like the fixtures' <c>admin</c>.</summary>
    public string AdminUsername { get; init; } = "admin";
}
