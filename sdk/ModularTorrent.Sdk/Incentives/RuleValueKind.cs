namespace ModularTorrent.Sdk.Incentives;

/// <summary>The kinds of values a rule may return.</summary>
public enum RuleValueKind
{
    /// <summary>null or undefined.</summary>
    Null = 0,

    /// <summary>A finite number.</summary>
    Number = 1,

    /// <summary>A string.</summary>
    String = 2,

    /// <summary>true or false.</summary>
    Boolean = 3,

    /// <summary>A flat object whose members are of the other kinds.</summary>
    Object = 4,
}
