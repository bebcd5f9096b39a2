using Jint.Parser.Ast;

namespace ModularTorrent.Scripting.Sandbox;

/// <summary>A rule parsed and prepared once; evaluated many times, each time in a fresh engine.</summary>
public sealed class CompiledScript
{
    internal CompiledScript(string name, string source, Program program, IReadOnlySet<string>? names)
    {
        Names = names;
        Name = name;
        Source = source;
        Program = program;
        Plan = HardeningPlan.For(names);
    }

    /// <summary>The rule's name, for messages.</summary>
    public string Name { get; }

    /// <summary>The source it was compiled from.</summary>
    public string Source { get; }

    internal Program Program { get; }

    /// <summary>The names the script mentions, or null when it reaches properties by computed names (see <see cref="SandboxedEngine"/>).</summary>
    internal IReadOnlySet<string>? Names { get; }

    /// <summary>The built-ins each evaluation's engine must replace, worked out from <see cref="Names"/> once.</summary>
    internal HardeningPlan Plan { get; }
}
