using System.Reflection;

namespace ModularTorrent.Scripting.Rules;

/// <summary>The shipped default rules (scripts/rules/*.js, embedded): installed on first start, and the last fallback.</summary>
public static class DefaultRules
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Sources = new(Load);

    /// <summary>Name → source of every shipped default.</summary>
    public static IReadOnlyDictionary<string, string> All => Sources.Value;

    private static Dictionary<string, string> Load()
    {
        var assembly = typeof(DefaultRules).Assembly;
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith("DefaultRules/", StringComparison.Ordinal) || !resource.EndsWith(".js", StringComparison.Ordinal))
            {
                continue;
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            result[resource["DefaultRules/".Length..^".js".Length]] = reader.ReadToEnd();
        }

        return result;
    }
}
