namespace Platform.Hosting;

/// <summary>Finds resources that wait for each other in a circle: none of them would ever start.</summary>
internal static class WaitCycle
{
    /// <summary>Throws naming the first circle of <c>WaitFor</c> among <paramref name="resources"/>, if there is one.</summary>
    public static void ThrowIfAny(IEnumerable<Resource> resources)
    {
        var explored = new HashSet<IResource>();
        var path = new List<IResource>();
        foreach (var resource in resources)
        {
            if (Find(resource, path, explored) is { } cycle)
            {
                var waits = cycle.Zip(cycle.Skip(1), (waiting, awaited) => $"{waiting.Name} waits for {awaited.Name}");
                throw new InvalidOperationException($"The resources wait for each other in a circle, so none of them would ever start: {string.Join(", ", waits)}. Remove one of these WaitFor calls.");
            }
        }
    }

    /// <summary>The resources along a circle reached from <paramref name="resource"/>, the first repeated at the end; null when there is none.</summary>
    private static List<IResource>? Find(IResource resource, List<IResource> path, HashSet<IResource> explored)
    {
        var at = path.IndexOf(resource);
        if (at >= 0)
        {
            return [.. path.Skip(at), resource];
        }

        if (!explored.Add(resource))
        {
            return null;
        }

        path.Add(resource);
        foreach (var awaited in ((Resource)resource).WaitsFor)
        {
            if (Find(awaited, path, explored) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        return null;
    }
}
