using System.Globalization;

namespace ModularTorrent.Cli;

/// <summary>Reads durations like <c>90</c> (seconds), <c>90s</c>, <c>15m</c>, <c>2h</c>, <c>1h30m</c> or <c>00:01:30</c>.</summary>
public static class DurationParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The duration.</param>
    /// <param name="duration">The positive duration.</param>
    /// <returns>Whether the text is a positive duration.</returns>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration > TimeSpan.Zero;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var plainSeconds))
        {
            return plainSeconds > 0 && plainSeconds < TimeSpan.MaxValue.TotalSeconds && Set(TimeSpan.FromSeconds(plainSeconds), out duration);
        }

        var total = TimeSpan.Zero;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var unit = char.ToLowerInvariant(text[i]) switch
            {
                'h' => TimeSpan.FromHours(1),
                'm' => TimeSpan.FromMinutes(1),
                's' => TimeSpan.FromSeconds(1),
                _ => (TimeSpan?)null,
            };
            if (unit is null)
            {
                continue;
            }

            if (!double.TryParse(text.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || amount < 0)
            {
                return false;
            }

            total += unit.Value * amount;
            start = i + 1;
        }

        return start == text.Length && total > TimeSpan.Zero && Set(total, out duration);
    }

    private static bool Set(TimeSpan value, out TimeSpan duration)
    {
        duration = value;
        return true;
    }
}
