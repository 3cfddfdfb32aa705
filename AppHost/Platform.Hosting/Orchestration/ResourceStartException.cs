namespace Platform.Hosting;

/// <summary>A resource could not start; the message names the resource and the cause.</summary>
public sealed class ResourceStartException : Exception
{
    public ResourceStartException(string resource, string cause, Exception? inner = null)
        : base($"{resource}: {cause}", inner)
    {
        Resource = resource;
        Cause = cause;
    }

    public string Resource { get; }

    /// <summary>The cause alone, without the resource name.</summary>
    public string Cause { get; }
}
