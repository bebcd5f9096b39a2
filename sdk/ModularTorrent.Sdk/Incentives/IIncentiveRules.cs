namespace ModularTorrent.Sdk.Incentives;

/// <summary>Evaluates the operator's incentive rules (<c>blockPrice</c>, <c>proofReward</c>, …) on plain facts.</summary>
public interface IIncentiveRules
{
    /// <summary>Evaluates the active version of a rule. Never throws for a failing script: the result carries the error.</summary>
    /// <param name="ruleName">The rule's name.</param>
    /// <param name="facts">Flat facts: values are <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="int"/>, <see cref="double"/> or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="KeyNotFoundException">No rule of that name exists.</exception>
    /// <exception cref="ArgumentException">A fact has a type other than the ones listed.</exception>
    Task<RuleResult> EvaluateAsync(string ruleName, IReadOnlyDictionary<string, object?> facts, CancellationToken cancellationToken = default);
}
