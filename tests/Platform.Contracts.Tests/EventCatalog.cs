namespace Platform.Contracts.Tests;

/// <summary>
/// <c>docs/events.md</c> cut into its <c>## </c> sections (headings inside code blocks do not
/// count); the text before the first one is the introduction.
/// </summary>
internal sealed class EventCatalog
{
    private static readonly Lazy<EventCatalog> Loaded = new(() => Parse(File.ReadAllText(Path.Combine(Repository.Root, "docs", "events.md"))));

    private EventCatalog(IReadOnlyList<CatalogSection> sections) => Sections = sections;

    public static EventCatalog Instance => Loaded.Value;

    public IReadOnlyList<CatalogSection> Sections { get; }

    public static EventCatalog Parse(string markdown)
    {
        var sections = new List<CatalogSection>();
        string? heading = null;
        var lines = new List<string>();
        var inCode = false;
        foreach (var line in markdown.ReplaceLineEndings("\n").Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }
            else if (!inCode && line.StartsWith("## ", StringComparison.Ordinal))
            {
                if (heading is not null)
                {
                    sections.Add(new CatalogSection(heading, lines));
                }

                heading = line[3..].Trim();
                lines = [];
                continue;
            }

            lines.Add(line);
        }

        if (heading is not null)
        {
            sections.Add(new CatalogSection(heading, lines));
        }

        return new EventCatalog(sections);
    }
}

/// <summary>One row of a section's <c>| Field | Type | Description |</c> table, backticks removed.</summary>
internal sealed record FieldRow(string Field, string Type, string Description);

/// <summary>One <c>## </c> section: its heading and the lines below it.</summary>
internal sealed class CatalogSection(string name, IReadOnlyList<string> lines)
{
    private const string TableHeader = "| Field | Type | Description |";

    public string Name { get; } = name;

    /// <summary>The text after <c>Producer: </c> on every such line outside code blocks.</summary>
    public IReadOnlyList<string> ProducerLines => ProseLines().Where(l => l.StartsWith("Producer: ", StringComparison.Ordinal)).Select(l => l["Producer: ".Length..].Trim()).ToList();

    /// <summary>The text after <c>Exchange: </c> on every such line outside code blocks, backticks removed.</summary>
    public IReadOnlyList<string> ExchangeLines => ProseLines().Where(l => l.StartsWith("Exchange: ", StringComparison.Ordinal)).Select(l => Unquote(l["Exchange: ".Length..])).ToList();

    /// <summary>The rows of the field table; null when the section has no such table.</summary>
    public IReadOnlyList<FieldRow>? Fields
    {
        get
        {
            var prose = ProseLines();
            var header = prose.FindIndex(l => Normalize(l) == TableHeader);
            if (header < 0 || header + 1 >= prose.Count || !prose[header + 1].TrimStart().StartsWith("| -", StringComparison.Ordinal))
            {
                return null;
            }

            var rows = new List<FieldRow>();
            foreach (var line in prose.Skip(header + 2).TakeWhile(l => l.TrimStart().StartsWith('|')))
            {
                var cells = line.Trim().Trim('|').Split('|');
                rows.Add(cells.Length == 3
                    ? new FieldRow(Unquote(cells[0]), Unquote(cells[1]), cells[2].Trim())
                    : new FieldRow(Unquote(line), "", ""));
            }

            return rows;
        }
    }

    /// <summary>The text of the first <c>```json</c> block; null when there is none.</summary>
    public string? JsonExample
    {
        get
        {
            var start = lines.ToList().FindIndex(l => l.Trim() == "```json");
            if (start < 0)
            {
                return null;
            }

            var body = lines.Skip(start + 1).TakeWhile(l => !l.TrimStart().StartsWith("```", StringComparison.Ordinal));
            return string.Join('\n', body);
        }
    }

    private static string Unquote(string cell) => cell.Trim().Trim('`').Trim();

    private static string Normalize(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private List<string> ProseLines()
    {
        var prose = new List<string>();
        var inCode = false;
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
            }
            else if (!inCode)
            {
                prose.Add(line);
            }
        }

        return prose;
    }
}
