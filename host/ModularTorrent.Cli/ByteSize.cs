using System.Globalization;

namespace ModularTorrent.Cli;

/// <summary>Human-readable sizes and rates (binary units).</summary>
public static class ByteSize
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>Formats <paramref name="bytes"/>, e.g. <c>1.5 MiB</c>.</summary>
    /// <param name="bytes">A byte count.</param>
    public static string Format(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {Units[unit]}");
    }
}
