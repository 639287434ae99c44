using System.Runtime.Versioning;
using System.Text;
using Memoize.Cli.Lint;
using Memoize.Cli.Tests.Support;
using static Memoize.Cli.Tests.Support.TestManifests;

namespace Memoize.Cli.Tests.Commands;

/// <summary>
/// Files that are not manifests, or are hostile, among good ones: each gets one line on stderr and exit 2, and
/// every other file is still linted, in bounded time and memory.
/// </summary>
public sealed class LintBadInputTests : IDisposable
{
    private const string OneGoodFileLinted = "1 object checked in 1 file: no problems; 1 file not linted (see errors above)\n";

    private const string Loop = "it is a symbolic link that loops (or is too deep to follow); fix or remove the link";

    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    public static TheoryData<string, byte[], string> BinaryFiles() => new()
    {
        { "png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R'], "it is a binary file, not YAML or JSON (a NUL byte at offset 8); lint only manifests" },
        { "nul", [(byte)'a', (byte)':', (byte)' ', 0x00, 0x00], "it is a binary file, not YAML or JSON (a NUL byte at offset 3); lint only manifests" },
        { "random", RandomBytesWithoutNul(4096), "it is not UTF-8 text (byte 0xFF at offset 0); save it as UTF-8" },
        { "latin1", [.. "name: caf"u8, 0xE9, (byte)'\n'], "it is not UTF-8 text (byte 0xE9 at offset 9); save it as UTF-8" },
    };

    [Theory]
    [MemberData(nameof(BinaryFiles))]
    public void A_binary_file_among_good_ones_is_refused_in_one_line_and_the_others_are_linted(string name, byte[] content, string reason)
    {
        var good = temp.Write("a-good.yaml", Workflow("hello", GoodMemoize));
        var binary = Path.Combine(temp.Path, $"{name}.yaml");
        File.WriteAllBytes(binary, content);

        var result = CliResult.Run("", "lint", good, binary);

        Assert.Equal((2, OneGoodFileLinted, $"memoize lint: cannot lint {binary}: {reason}\n"), (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Binary_standard_input_is_refused_in_one_line()
    {
        var result = CliResult.Run("kind: \0\0", "lint", "-");

        Assert.Equal(
            (2, "0 objects checked in 0 files: no problems; 1 file not linted (see errors above)\n",
                "memoize lint: cannot lint <stdin>: it is a binary file, not YAML or JSON (a NUL character at character 6); lint only manifests\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void Broken_yaml_among_good_files_names_the_file_line_and_column_and_the_others_are_linted()
    {
        var good = temp.Write("good.yaml", Workflow("hello", GoodMemoize));
        var broken = temp.Write("broken.yaml", "apiVersion: v1\nkind: [Workflow\nmetadata: {name: x}\n");

        var result = CliResult.Run("", "lint", broken, good);

        Assert.Equal(
            (2, OneGoodFileLinted, $"{broken}:4:1: cannot parse YAML: the file ends inside an unclosed [ or {{; close it\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void A_yaml_bomb_is_refused_when_its_expansion_passes_the_limit_in_bounded_memory()
    {
        // Billion laughs: nine levels, each nine aliases of the one before, so 9^9 (387 million) values if expanded.
        var bomb = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var level = 1; level <= 9; level++)
        {
            bomb.Append($"a{level}: &a{level} [{string.Join(", ", Enumerable.Repeat($"*a{level - 1}", 9))}]\n");
        }

        var good = temp.Write("good.yaml", Workflow("hello", GoodMemoize));
        var file = temp.Write("bomb.yaml", bomb.ToString());

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = CliResult.Run("", "lint", file, good);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(
            (2, OneGoodFileLinted, $"{file}:7:20: cannot parse YAML: the document expands to more than 2000000 values (aliases used too often?)\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
        Assert.True(allocated < 512L * 1024 * 1024, $"the bomb allocated {allocated} bytes");
    }

    [Fact]
    public void A_file_over_64_MiB_is_refused_before_it_is_read()
    {
        var good = temp.Write("good.yaml", Workflow("hello", GoodMemoize));
        var huge = Path.Combine(temp.Path, "huge.yaml");
        using (var stream = File.Create(huge))
        {
            stream.SetLength(100L * 1024 * 1024); // 100 MiB without writing it: the size alone is judged.
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = CliResult.Run("", "lint", good, huge);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(
            (2, OneGoodFileLinted, $"memoize lint: cannot lint {huge}: it is 104857600 bytes, over the 67108864-byte limit for one file; split it into several files\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
        Assert.True(allocated < 16L * 1024 * 1024, $"refusing the file allocated {allocated} bytes");
    }

    [Fact]
    public void The_size_limit_itself_is_allowed_and_one_byte_less_refuses()
    {
        var file = temp.Write("limit.yaml", Workflow("hello", GoodMemoize));
        var size = new FileInfo(file).Length;

        var atLimit = ManifestLinter.Lint([file], TextReader.Null, size);
        var belowSize = ManifestLinter.Lint([file], TextReader.Null, size - 1);

        Assert.Equal((0, 1), (atLimit.ExitCode, atLimit.ObjectCount));
        Assert.Equal(
            [$"memoize lint: cannot lint {file}: it is {size} bytes, over the {size - 1}-byte limit for one file; split it into several files"],
            belowSize.FileErrors);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void An_unreadable_file_is_refused_naming_the_permission_unless_running_as_root()
    {
        var good = temp.Write("good.yaml", Workflow("hello", GoodMemoize));
        var locked = temp.Write("locked.yaml", Workflow("locked", GoodMemoize));
        File.SetUnixFileMode(locked, UnixFileMode.None);

        var result = CliResult.Run("", "lint", good, locked);

        if (CanOpen(locked))
        {
            // Root reads a mode-000 file anyway (as kubectl would), so the file is simply linted.
            Assert.Equal((0, "2 objects checked in 2 files: no problems\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
        }
        else
        {
            Assert.Equal(
                (2, OneGoodFileLinted, $"memoize lint: cannot read {locked}: permission denied; check its permissions (ls -l) or lint it as a user who may read it\n"),
                (result.ExitCode, result.Stdout, result.Stderr));
        }
    }

    [Fact]
    public void Symlink_loops_in_a_directory_are_refused_per_file_and_a_link_to_a_parent_is_not_followed()
    {
        temp.Write("dir/good.yaml", Workflow("hello", GoodMemoize));
        var dir = Path.Combine(temp.Path, "dir");
        File.CreateSymbolicLink(Path.Combine(dir, "a.yaml"), "b.yaml");
        File.CreateSymbolicLink(Path.Combine(dir, "b.yaml"), "a.yaml");
        Directory.CreateDirectory(Path.Combine(dir, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(dir, "sub", "up"), "..");

        var result = CliResult.Run("", "lint", dir);

        Assert.Equal(
            (2, "1 object checked in 1 file: no problems; 2 files not linted (see errors above)\n", $"memoize lint: cannot read {dir}/a.yaml: {Loop}\nmemoize lint: cannot read {dir}/b.yaml: {Loop}\n"),
            (result.ExitCode, result.Stdout, result.Stderr));
    }

    [Fact]
    public void A_directory_of_10000_files_is_linted_whole()
    {
        var dir = Path.Combine(temp.Path, "many");
        var manifest = Workflow("hello", GoodMemoize);
        for (var i = 0; i < 10_000; i++)
        {
            temp.Write($"many/{i / 100:D3}/{i:D5}.yaml", manifest);
        }

        var result = CliResult.Run("", "lint", dir);

        Assert.Equal((0, "10000 objects checked in 10000 files: no problems\n", ""), (result.ExitCode, result.Stdout, result.Stderr));
    }

    private static bool CanOpen(string file)
    {
        try
        {
            File.OpenRead(file).Dispose();
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static byte[] RandomBytesWithoutNul(int count)
    {
        var bytes = new byte[count];
        new Random(8).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == 0 ? (byte)1 : bytes[i];
        }

        bytes[0] = 0xFF; // Never valid in UTF-8, so the refusal names a known offset whatever the seed draws.

        return bytes;
    }
}
