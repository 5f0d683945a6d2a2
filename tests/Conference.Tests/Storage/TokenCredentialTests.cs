using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Conference.Storage;

namespace Conference.Tests.Storage;

/// <summary>
/// Managed identity cannot be had on these machines, so the credential and the transport are
/// stood in for: the test checks what a request carries when the account has a token and no key.
/// </summary>
public sealed class TokenCredentialTests
{
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

    private sealed class CapturingTransport : HttpPipelineTransport
    {
        /// <summary>Each request as sent: its URL and headers (the request itself is disposed after the call).</summary>
        public List<(string Uri, Dictionary<string, string> Headers)> Requests { get; } = [];

        public override Request CreateRequest() => new HttpClientTransport().CreateRequest();

        public override void Process(HttpMessage message) => throw new NotSupportedException();

        public override ValueTask ProcessAsync(HttpMessage message)
        {
            Requests.Add((message.Request.Uri.ToString(), message.Request.Headers.ToDictionary(h => h.Name, h => h.Value, StringComparer.OrdinalIgnoreCase)));
            message.Response = new NoContent();
            return ValueTask.CompletedTask;
        }

        private sealed class NoContent : Response
        {
            public override int Status => 204;
            public override string ReasonPhrase => "No Content";
            public override Stream? ContentStream { get; set; }
            public override string ClientRequestId { get; set; } = "";
            public override void Dispose() { }
            protected override bool ContainsHeader(string name) => false;
            protected override IEnumerable<HttpHeader> EnumerateHeaders() => [];
            protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) { value = null; return false; }
            protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values) { values = null; return false; }
        }
    }

    [Fact]
    public async Task An_account_with_a_credential_sends_a_bearer_token_for_the_storage_scope_and_no_shared_key()
    {
        var credential = new FixedToken();
        var transport = new CapturingTransport();
        var tables = new TableClient(StorageAccount.WithCredential("conferencestore", credential), new StorageClientOptions { Transport = transport });

        await tables.UpsertAsync("entities", new TableEntity("p", "r") { ["V"] = "x" });

        var (uri, headers) = Assert.Single(transport.Requests);
        Assert.Equal("Bearer the-token", headers["Authorization"]);
        Assert.Equal("https://conferencestore.table.core.windows.net/entities(PartitionKey='p',RowKey='r')", uri);
        Assert.Equal(["https://storage.azure.com/.default"], credential.Scopes.Single());
    }
}
