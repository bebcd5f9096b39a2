using System.Text;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>Bounded capture of a script's <c>console.log</c> output: past the caps, output is dropped and marked.</summary>
internal sealed class ConsoleBuffer
{
    private readonly int maxLines;
    private readonly int maxChars;
    private List<string>? lines;
    private int chars;
    private bool truncated;

    public ConsoleBuffer(int maxLines, int maxChars)
    {
        this.maxLines = maxLines;
        this.maxChars = maxChars;
    }

    /// <summary>Whether there is room for more output; callers skip formatting when there is not.</summary>
    public bool IsFull => truncated;

    public void Append(string line)
    {
        if (truncated)
        {
            return;
        }

        lines ??= [];
        if (lines.Count >= maxLines || chars + line.Length > maxChars)
        {
            var room = maxChars - chars;
            if (lines.Count < maxLines && room > 0)
            {
                lines.Add(line[..room]);
            }

            lines.Add("… (console output truncated)");
            truncated = true;
            return;
        }

        lines.Add(line);
        chars += line.Length;
    }

    /// <summary>The captured lines.</summary>
    public IReadOnlyList<string> ToList() => lines is null ? [] : lines.ToArray();

    /// <inheritdoc />
    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var line in ToList())
        {
            builder.AppendLine(line);
        }

        return builder.ToString();
    }
}
