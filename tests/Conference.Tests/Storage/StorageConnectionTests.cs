using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Conference.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Tests.Storage;

/// <summary>
/// Which account and which proof of identity the settings pick. A managed identity cannot be had
/// on these machines, so the credential and the HTTP transport are stood in for: the test checks
/// what a request would carry.
/// </summary>
public sealed class StorageConnectionTests
{
    [Fact]
    public async Task An_account_name_picks_the_managed_identity_and_the_accounts_endpoints_with_no_key()
    {
        var credential = new FixedToken();
        var connection = StorageConnection.FromSettings(name => name == "CONFERENCE_STORAGE_ACCOUNT" ? "conferencestore" : null, () => credential);
        var transport = new CapturingTransport();
        var services = new ServiceCollection().AddConferenceStorage(connection);
        services.Configure<TableClientOptions>("Default", o => o.Transport = transport);
        services.Configure<BlobClientOptions>("Default", o => o.Transport = transport);
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<TableServiceClient>().GetTableClient("entities").UpsertEntityAsync(new TableEntity("p", "r"));
        await provider.GetRequiredService<BlobServiceClient>().GetBlobContainerClient("recordings").GetBlobClient("a.wav").DeleteIfExistsAsync();

        Assert.Null(connection.ConnectionString);
        Assert.Collection(transport.Requests,
            table =>
            {
                Assert.StartsWith("https://conferencestore.table.core.windows.net/entities(PartitionKey='p',RowKey='r')", table.Uri);
                Assert.Equal("Bearer the-token", table.Headers["Authorization"]);
            },
            blob =>
            {
                Assert.StartsWith("https://conferencestore.blob.core.windows.net/recordings/a.wav", blob.Uri);
                Assert.Equal("Bearer the-token", blob.Headers["Authorization"]);
                Assert.Equal("2025-11-05", blob.Headers["x-ms-version"]);
            });
        Assert.Contains(credential.Scopes, s => s.SequenceEqual(["https://storage.azure.com/.default"]));
        Assert.Equal(2, provider.GetRequiredService<StorageRequests>().Count);
    }

    [Fact]
    public void A_connection_string_is_used_as_given_and_no_setting_at_all_means_the_local_Azurite()
    {
        var given = StorageConnection.FromSettings(name => name == "CONFERENCE_STORAGE" ? "UseDevelopmentStorage=true" : null);
        var local = StorageConnection.FromSettings(name => name == "CONFERENCE_AZURITE_TABLE_PORT" ? "12345" : null);

        Assert.Equal("UseDevelopmentStorage=true", given.ConnectionString);
        Assert.Null(given.Credential);
        Assert.Contains("TableEndpoint=http://127.0.0.1:12345/devstoreaccount1;", local.ConnectionString);
        Assert.Contains("BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;", local.ConnectionString);
    }

    private sealed class FixedToken : TokenCredential
    {
        public List<string[]> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes.Add(requestContext.Scopes);
            return new AccessToken("the-token", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            new(GetToken(requestContext, cancellationToken));
    }

    /// <summary>Takes each request as sent and answers 204 (or 202 for a blob delete): nothing leaves the machine.</summary>
    private sealed class CapturingTransport : HttpPipelineTransport
    {
        public List<(string Uri, Dictionary<string, string> Headers)> Requests { get; } = [];

        public override Request CreateRequest() => new HttpClientTransport().CreateRequest();

        public override void Process(HttpMessage message) => throw new NotSupportedException();

        public override ValueTask ProcessAsync(HttpMessage message)
        {
            Requests.Add((message.Request.Uri.ToString(), message.Request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase)));
            message.Response = new Answer(message.Request.Method == RequestMethod.Delete ? 202 : 204);
            return ValueTask.CompletedTask;
        }

        private sealed class Answer(int status) : Response
        {
            public override int Status => status;
            public override string ReasonPhrase => "";
            public override Stream? ContentStream { get; set; }
            public override string ClientRequestId { get; set; } = "";
            public override void Dispose() { }
            protected override bool ContainsHeader(string name) => false;
            protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];
            protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) { value = null; return false; }
            protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values) { values = null; return false; }
        }
    }
}
