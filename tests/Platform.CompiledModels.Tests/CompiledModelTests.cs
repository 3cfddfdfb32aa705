extern alias community;
extern alias experience;
extern alias partner;
extern alias reporting;

using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using community::Platform.Community.Data;
using experience::Platform.Experience.Data;
using partner::Platform.Partner.Data;
using reporting::Platform.Reporting.Data;

namespace Platform.CompiledModels.Tests;

/// <summary>
/// Each service runs on the EF model compiled into its Data/CompiledModel folder, not on one built
/// from OnModelCreating at start (docs/service-defaults.md). These tests fail when a model change
/// was committed without the compiled model made again.
/// </summary>
public sealed partial class CompiledModelTests
{
    [Fact]
    public void Partner_compiled_model_is_what_its_OnModelCreating_gives() => AssertCurrent(new PartnerDesignTimeFactory(), "Partner");

    [Fact]
    public void Experience_compiled_model_is_what_its_OnModelCreating_gives() => AssertCurrent(new ExperienceDesignTimeFactory(), "Experience");

    [Fact]
    public void Community_compiled_model_is_what_its_OnModelCreating_gives() => AssertCurrent(new CommunityDesignTimeFactory(), "Community");

    [Fact]
    public void Reporting_compiled_model_is_what_its_OnModelCreating_gives() => AssertCurrent(new ReportingDesignTimeFactory(), "Reporting");

    /// <param name="factory">The service's design-time factory, which `dotnet ef` makes the context with.</param>
    private static void AssertCurrent<TContext>(IDesignTimeDbContextFactory<TContext> factory, string service)
        where TContext : DbContext
    {
        using var context = factory.CreateDbContext([]);

        // The service runs on the compiled model, found through its assembly attribute.
        Assert.IsType<RuntimeModel>(context.Model, exactMatch: false);
        Assert.Equal(service + "CompiledModel", context.Model.GetType().Namespace);

        var generated = Generate(context, service + "CompiledModel");
        var folder = Path.Combine(Repository.Root, "services", service, "Platform." + service, "Data", "CompiledModel");
        var committed = Directory.GetFiles(folder, "*.cs").ToDictionary(f => Path.GetFileName(f), f => WithoutModelId(File.ReadAllText(f)));

        var regenerate = $"the compiled model is out of date: in services/{service}/Platform.{service} run `dotnet ef dbcontext optimize --output-dir Data/CompiledModel --namespace {service}CompiledModel`";
        Assert.True(generated.Keys.Order(StringComparer.Ordinal).SequenceEqual(committed.Keys.Order(StringComparer.Ordinal)), regenerate + " (files differ)");
        foreach (var (file, code) in generated)
        {
            Assert.True(code == committed[file], regenerate + $" ({file} differs)");
        }
    }

    /// <summary>What `dotnet ef dbcontext optimize` writes for the model OnModelCreating builds now.</summary>
    private static Dictionary<string, string> Generate(DbContext context, string modelNamespace)
    {
        var services = new ServiceCollection().AddEntityFrameworkDesignTimeServices();
        services.AddDbContextDesignTimeServices(context);
        var provider = Assembly.Load(new AssemblyName(context.GetService<IDatabaseProvider>().Name));
        var providerServices = provider.GetCustomAttribute<DesignTimeProviderServicesAttribute>()!;
        var designTime = (IDesignTimeServices)Activator.CreateInstance(provider.GetType(providerServices.TypeName, throwOnError: true)!)!;
        designTime.ConfigureDesignTimeServices(services);

        using var built = services.BuildServiceProvider();
        var codeOptions = new CompiledModelCodeGenerationOptions
        {
            ContextType = context.GetType(),
            ModelNamespace = modelNamespace,
            Language = "C#",
            UseNullableReferenceTypes = true,
        };
        var generator = built.GetRequiredService<ICompiledModelCodeGeneratorSelector>().Select(codeOptions);
        return generator.GenerateModel(context.GetService<IDesignTimeModel>().Model, codeOptions)
            .ToDictionary(f => Path.GetFileName(f.Path), f => WithoutModelId(f.Code));
    }

    /// <summary>The generator gives each model a new random id; the rest of the code is the model.</summary>
    private static string WithoutModelId(string code) => ModelId().Replace(code, "modelId: new Guid()");

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]{36}"\)""")]
    private static partial Regex ModelId();
}
