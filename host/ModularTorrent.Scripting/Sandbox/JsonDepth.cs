namespace ModularTorrent.Scripting.Sandbox;

/// <summary>Measures how deeply a JSON text nests before Jint's recursive JSON parser sees it.</summary>
internal static class JsonDepth
{
    /// <exception cref="SandboxLimitException">The text nests deeper than <paramref name="max"/>.</exception>
    public static void Require(string text, int max)
    {
        var depth = 0;
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '[' or '{':
                    if (++depth > max)
                    {
                        throw new SandboxLimitException(SandboxErrorKind.SizeLimit, $"JSON.parse: the text nests deeper than {max} levels.");
                    }

                    break;
                case ']' or '}':
                    depth--;
                    break;
            }
        }
    }
}
