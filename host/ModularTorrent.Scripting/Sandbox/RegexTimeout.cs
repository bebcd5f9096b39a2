using System.Text.RegularExpressions;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Jint 2.10 builds script regular expressions with <c>new Regex(pattern, options)</c>, which takes the process-wide
/// default match timeout: without one, a catastrophic pattern runs inside one native call that no guard can stop.
/// .NET reads the default once, when the <see cref="Regex"/> type initializes, so it must be installed before any
/// regex in the process is built: call <see cref="Install"/> first thing in <c>Main</c>.
/// </summary>
public static class RegexTimeout
{
    private const string Key = "REGEX_DEFAULT_MATCH_TIMEOUT";

    /// <summary>Installs <paramref name="timeout"/> as the process-wide default regex timeout, unless one is already set.</summary>
    /// <param name="timeout">The default match timeout.</param>
    /// <returns>The default in effect afterwards (<see cref="Regex.InfiniteMatchTimeout"/> when it came too late).</returns>
    public static TimeSpan Install(TimeSpan timeout)
    {
        if (AppDomain.CurrentDomain.GetData(Key) is null)
        {
            AppDomain.CurrentDomain.SetData(Key, timeout);
        }

        return Effective;
    }

    /// <summary>The default timeout regexes built without one actually get.</summary>
    public static TimeSpan Effective => new Regex("x", RegexOptions.None).MatchTimeout;

    /// <summary>Fails closed when no finite default of at most <paramref name="maximum"/> is in effect.</summary>
    /// <exception cref="InvalidOperationException">The default is infinite or too long.</exception>
    public static void Require(TimeSpan maximum)
    {
        var effective = Install(maximum);
        if (effective == Regex.InfiniteMatchTimeout || effective > maximum)
        {
            throw new InvalidOperationException(
                $"The process-wide regex timeout is {effective}, not at most {maximum}: call RegexTimeout.Install before any Regex is built (first line of Main). Scripts are refused without it.");
        }
    }
}
