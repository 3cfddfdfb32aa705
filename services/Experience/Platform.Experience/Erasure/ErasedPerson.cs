namespace Platform.Experience.Erasure;

/// <summary>
/// What stands where an erased professional's personal data stood: in the tables, in the answers
/// and in the events not yet published.
/// </summary>
public static class ErasedPerson
{
    /// <summary>
    /// In place of a name (a registrant's, a feedback giver's, an action's owner): bracketed, so no
    /// person is called this, and it says what happened rather than looking like a missing value.
    /// </summary>
    public const string Name = "[erased]";

    /// <summary>
    /// In place of an e-mail address, an organization, a role or a comment: nothing, the contract's
    /// "not given". Not an address-shaped stand-in: nothing can be sent to it, nor taken for someone's.
    /// </summary>
    public const string Nothing = "";
}
