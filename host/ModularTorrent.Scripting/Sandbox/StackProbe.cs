namespace ModularTorrent.Scripting.Sandbox;

/// <summary>Reads the current stack address, so a guard can tell how deep an evaluation has recursed.</summary>
internal static class StackProbe
{
    /// <summary>The address of a local in the caller's frame; stacks grow down, so deeper calls give smaller values.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    public static unsafe nuint Current()
    {
        byte marker = 0;
        return (nuint)(&marker);
    }
}
