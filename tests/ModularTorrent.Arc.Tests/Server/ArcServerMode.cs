namespace ModularTorrent.Arc.Tests.Server;

/// <summary>How the in-test ARC server answers broadcasts.</summary>
public enum ArcServerMode
{
    /// <summary>Follows the API: new transactions are accepted, known ones answered with their status as already known.</summary>
    Normal,

    /// <summary>HTTP 500 with a problem body.</summary>
    Error500,

    /// <summary>Never answers (the client must time out).</summary>
    Hang,

    /// <summary>Error 465: fee too low.</summary>
    FeeTooLow,

    /// <summary>HTTP 200 whose txStatus is REJECTED.</summary>
    RejectWith200,

    /// <summary>HTTP 200 with an HTML body (a misconfigured proxy).</summary>
    NotJson,
}
