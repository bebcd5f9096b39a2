using System.Text.RegularExpressions;
using Jint.Native;
using Jint.Native.RegExp;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>
/// Gives a script's RegExp objects an explicit match timeout. Jint 2.10 builds them with <c>new Regex(pattern,
/// options)</c>, which only gets a timeout from the process-wide default — and .NET reads that default once, when
/// the Regex type first initializes, which in a test host or a host that touched Regex early is already too late.
/// So every path by which a script matches (exec, test, match, search, replace, split) rebuilds the regex with its
/// own timeout first, whatever the process default is.
/// </summary>
internal static class BoundedRegex
{
    public static RegExpInstance Bound(RegExpInstance instance, TimeSpan timeout)
    {
        var regex = instance.Value;
        if (regex is not null && (regex.MatchTimeout == Regex.InfiniteMatchTimeout || regex.MatchTimeout > timeout))
        {
            instance.Value = new Regex(regex.ToString(), regex.Options, timeout);
        }

        return instance;
    }

    public static void BoundIfRegExp(JsValue value, TimeSpan timeout)
    {
        if (value.IsObject() && value.AsObject() is RegExpInstance instance)
        {
            Bound(instance, timeout);
        }
    }
}
