namespace ModularTorrent.Testing;

/// <summary>A throw-away folder under the system temp folder, deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates a new, empty folder named <c>{prefix}-{random}</c>.</summary>
    public TempFolder(string prefix = "mt-test")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's absolute path.</summary>
    public string Path { get; }

    /// <summary>A path below the folder; the file or folder need not exist.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="relative"/> (a '/'-separated path below the folder),
    /// creating the folders on the way, and returns the file's full path.
    /// </summary>
    public string WriteFile(string relative, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var full = Combine(relative.Split('/'));
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, content);
        return full;
    }

    /// <summary>Writes <paramref name="length"/> random bytes to <paramref name="relative"/> (as <see cref="WriteFile"/>) and returns the file's full path.</summary>
    public string WriteRandomFile(string relative, int length) =>
        WriteFile(relative, System.Security.Cryptography.RandomNumberGenerator.GetBytes(length));

    /// <summary>Creates (if needed) and returns a sub-folder.</summary>
    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Deletes the folder; best effort, because a pooled handle may still be closing.</summary>
    public void Dispose()
    {
        // Pooled SQLite connections keep their files open; release them before deleting.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; failing the test over it is not.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: left for the system's temp cleaning.
        }
    }

    /// <summary>Copies every file below <paramref name="source"/> into <paramref name="destination"/>, overwriting.</summary>
    public static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(destination, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
