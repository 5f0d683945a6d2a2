using System.Text.RegularExpressions;
using Conference.Api;
using Conference.Tests.Support;

namespace Conference.Tests.Api;

/// <summary>The route table is the one list of endpoints, so the contract is checked against it.</summary>
public sealed partial class RouteTableTests
{
    /// <summary>The conference and conferencecall endpoints api.md lists, as "METHOD route" (e.g. "POST v1.0/conferences/{id}/lock").</summary>
    private static IEnumerable<string> ContractEndpoints()
    {
        var spec = Path.Combine(RepositoryRoot.Find(), "..", "shared", "spec", "api.md");
        Assert.True(File.Exists(spec), $"The contract is read from {spec} (shared/ beside the checkout).");
        foreach (var line in File.ReadLines(spec).Where(l => l.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cell = line.Split('|')[1];
            var parts = Backticked().Matches(cell).Select(m => m.Groups[1].Value).ToList();
            var first = EndpointPattern().Match(parts[0]);
            if (!first.Success || !first.Groups[2].Value.StartsWith("/conference", StringComparison.Ordinal))
            {
                continue;
            }
            var method = first.Groups[1].Value;
            var path = first.Groups[2].Value;
            yield return $"{method} v1.0{path}";
            // "`POST /conferences/{id}/lock` / `unlock`": the siblings replace the last segment.
            foreach (var sibling in parts.Skip(1))
            {
                yield return $"{method} v1.0{path[..(path.LastIndexOf('/') + 1)]}{sibling}";
            }
        }
    }

    [Fact]
    public void Every_conference_and_conferencecall_endpoint_of_the_contract_has_a_route()
    {
        var routes = ApiRoutes.All.Select(r => $"{r.Method} {r.Route}").ToHashSet();
        var contract = ContractEndpoints().ToList();
        Assert.True(contract.Count >= 25, $"Only {contract.Count} endpoints were read from api.md.");
        Assert.DoesNotContain(contract, e => !routes.Contains(e));
    }

    [Fact]
    public void Routes_are_unique_by_name_and_by_method_and_path()
    {
        Assert.Equal(ApiRoutes.All.Count, ApiRoutes.All.Select(r => r.Name).Distinct().Count());
        Assert.Equal(ApiRoutes.All.Count, ApiRoutes.All.Select(r => (r.Method, r.Route)).Distinct().Count());
    }

    [Fact]
    public void Only_login_and_the_media_hosts_routes_go_without_a_customer_token()
    {
        Assert.Equal(["Login", "MediaReport", "MediaJoin", "MediaIncomingCall", "MediaHeartbeat"], ApiRoutes.All.Where(r => !r.Authenticated).Select(r => r.Name));
        Assert.All(ApiRoutes.All.Where(r => !r.Authenticated && r.Name != "Login"), r => Assert.StartsWith("internal/media/", r.Route));
    }

    /// <summary>The Accounts section of api.md lists its endpoints as "`GET/PUT/DELETE /accesskeys/{id}`".</summary>
    [Fact]
    public void Every_accounts_endpoint_of_the_contract_has_a_route()
    {
        var spec = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "..", "shared", "spec", "api.md"));
        var section = spec[spec.IndexOf("## Accounts", StringComparison.Ordinal)..spec.IndexOf("## Events", StringComparison.Ordinal)];
        var contract = Backticked().Matches(section).Select(m => AccountsEndpoint().Match(m.Groups[1].Value)).Where(m => m.Success)
            .SelectMany(m => m.Groups[1].Value.Split('/').Select(method => $"{method} v1.0{m.Groups[2].Value}")).ToList();
        Assert.True(contract.Count >= 8, $"Only {contract.Count} account endpoints were read from api.md.");
        var routes = ApiRoutes.All.Select(r => $"{r.Method} {r.Route}").ToHashSet();
        Assert.DoesNotContain(contract, e => !routes.Contains(e));
    }

    [Fact]
    public void Every_route_is_described_for_the_openapi_document()
    {
        Assert.Empty(ApiRoutes.All.Where(r => !ApiDescriptions.ByRoute.ContainsKey(r.Name)).Select(r => r.Name));
        Assert.DoesNotContain(ApiDescriptions.ByRoute.Keys, name => ApiRoutes.All.All(r => r.Name != name));
    }

    [GeneratedRegex(@"^((?:GET|POST|PUT|DELETE)(?:/(?:GET|POST|PUT|DELETE))*) (/\S+)$")]
    private static partial Regex AccountsEndpoint();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();

    [GeneratedRegex(@"^(GET|POST|PUT|DELETE) (/\S+)$")]
    private static partial Regex EndpointPattern();
}
