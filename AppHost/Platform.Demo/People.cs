namespace Platform.Demo;

/// <summary>A professional of the demo: who registers, with the organization they work for.</summary>
public sealed record Person(int Number, string FullName, string Email, string Organization, string Role);

/// <summary>
/// The demo's professionals, numbered: the same number is always the same person (name, e-mail,
/// employer), so a person in several Experiences registers each time with the same e-mail address
/// and counts once. Number n works for the partner n mod 4 (see <see cref="Employers"/>).
/// </summary>
public static class People
{
    /// <summary>The four partners' names and mail domains, by number mod 4.</summary>
    public static readonly (string Name, string Domain)[] Employers =
    [
        (DemoNetwork.Municipality, "utrecht.example.nl"),
        (DemoNetwork.University, "hu.example.nl"),
        (DemoNetwork.Company, "vandijkbouw.example.nl"),
        (DemoNetwork.Ministry, "minienw.example.nl"),
    ];

    private static readonly string[] FirstNames =
        ["Anouk", "Bram", "Charlotte", "Daan", "Eva", "Finn", "Hanna", "Jesse", "Lotte", "Milan", "Noor", "Ruben", "Sanne", "Thijs", "Vera", "Yusuf", "Fatima", "Lars", "Iris", "Sem", "Julia"];

    private static readonly string[] LastNames =
        ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen"];

    private static readonly string[] Roles = ["Policy adviser", "Project leader", "Facility manager", "Team lead", "Buyer", "HR adviser"];

    public static Person Number(int number)
    {
        var (organization, domain) = Employers[number % Employers.Length];
        var first = FirstNames[number % FirstNames.Length];
        var last = LastNames[(number / FirstNames.Length) % LastNames.Length];
        var local = $"{first}.{last.Replace(" ", string.Empty, StringComparison.Ordinal)}.{number}".ToLowerInvariant();
        return new Person(number, $"{first} {last}", $"{local}@{domain}", organization, Roles[(number / 4) % Roles.Length]);
    }

    public static IReadOnlyList<Person> Numbers(IEnumerable<int> numbers) => numbers.Select(Number).ToList();
}
