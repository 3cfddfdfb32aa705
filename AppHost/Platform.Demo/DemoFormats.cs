namespace Platform.Demo;

/// <summary>The Experience Manual's formats, by the fixed ids the Experience service ships them with.</summary>
public static class DemoFormats
{
    public static readonly Guid MovietimeScreening = new("6d6f7669-6574-4000-8000-000000000001");
    public static readonly Guid LefTalksWebinar = new("6d6f7669-6574-4000-8000-000000000003");
    public static readonly Guid ClimateTeamTrajectory = new("6d6f7669-6574-4000-8000-000000000004");
    public static readonly Guid IntrapreneurProgramme = new("6d6f7669-6574-4000-8000-000000000005");
    public static readonly Guid DevelopmentTrajectory = new("6d6f7669-6574-4000-8000-000000000006");
}
