using System.Text.RegularExpressions;
using Conference.Api;
using Conference.Tests.Support;

namespace Conference.Tests.Functions;

/// <summary>
/// The Functions adapter is only a mapping onto the shared code. Its triggers and entity wrapper are
/// checked by tests/Conference.Functions.Tests (run here against stand-ins for its packages); this
/// checks from its source that it declares none of the shared types a second time.
/// </summary>
public sealed partial class FunctionsAdapterTests
{
    private static readonly string Adapter = Path.Combine(RepositoryRoot.Find(), "functions", "Conference.Functions");

    [Fact]
    public void The_adapter_declares_none_of_the_shared_types_again()
    {
        var shared = new[] { typeof(Conference.Core.Entities.EntityId).Assembly, typeof(ApiRoutes).Assembly, typeof(Conference.Adapters.EffectRouter).Assembly }
            .SelectMany(a => a.GetTypes()).Select(t => t.Name.Split('`')[0]).ToHashSet();
        var declared = Directory.GetFiles(Adapter, "*.cs")
            .SelectMany(f => TypeDeclaration().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToList();
        Assert.NotEmpty(declared);
        Assert.DoesNotContain(declared, shared.Contains);
    }

    [GeneratedRegex(@"(?:class|record|interface|struct|enum)\s+(\w+)")]
    private static partial Regex TypeDeclaration();
}
