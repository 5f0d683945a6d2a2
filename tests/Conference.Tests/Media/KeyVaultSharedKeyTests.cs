using System.Net;
using Azure.Core;
using Conference.MediaHost;

namespace Conference.Tests.Media;

/// <summary>The media host's shared key from Key Vault: Key Vault itself cannot run here, so its REST answer is played by a handler.</summary>
public sealed class KeyVaultSecretTests
{
    private static readonly Uri Secret = new("https://vault-x.vault.azure.net/secrets/media-shared-key");

    [Fact]
    public async Task The_secret_is_read_with_a_bearer_token_for_key_vault_and_the_pinned_api_version()
    {
        var handler = new Answering(HttpStatusCode.OK, """{"value":"the-shared-key","id":"x"}""");
        var credential = new FixedToken();

        Assert.Equal("the-shared-key", await KeyVaultSecret.ReadAsync(Secret, credential, CancellationToken.None, handler));
        Assert.Equal([KeyVaultSecret.Scope], credential.Scopes);
        Assert.Equal("Bearer token-1", handler.Request!.Headers.Authorization!.ToString());
        Assert.Equal("https://vault-x.vault.azure.net/secrets/media-shared-key?api-version=7.4", handler.Request.RequestUri!.ToString());
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, """{"error":{"code":"Forbidden"}}""")]
    [InlineData(HttpStatusCode.OK, """{"id":"no value"}""")]
    public async Task A_refusal_or_an_empty_secret_stops_the_start_with_a_clear_error(HttpStatusCode status, string body)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            KeyVaultSecret.ReadAsync(Secret, new FixedToken(), CancellationToken.None, new Answering(status, body)));
        Assert.Contains("media-shared-key", error.Message);
    }

    private sealed class FixedToken : TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new AccessToken("token-1", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }

    private sealed class Answering(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
        }
    }
}
