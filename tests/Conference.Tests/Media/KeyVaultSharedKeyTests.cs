using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Security.KeyVault.Secrets;
using Conference.MediaHost;

namespace Conference.Tests.Media;

/// <summary>
/// The media host's shared key through the Key Vault SDK. Key Vault itself cannot run here, so a
/// handler at the HTTP boundary plays it: the bearer challenge first, as the service does, then the secret.
/// </summary>
public sealed class KeyVaultSharedKeyTests
{
    private static readonly Uri Secret = new("https://vault-x.vault.azure.net/secrets/media-shared-key");

    [Fact]
    public async Task The_secret_is_read_with_a_managed_identity_token_for_key_vault()
    {
        var vault = new PlayedKeyVault(HttpStatusCode.OK, """{"value":"the-shared-key","id":"https://vault-x.vault.azure.net/secrets/media-shared-key/v1","attributes":{"enabled":true}}""");
        var credential = new FixedToken();

        Assert.Equal("the-shared-key", await KeyVaultSharedKey.ReadAsync(Secret, credential, CancellationToken.None, vault.Options));

        Assert.Equal(["https://vault.azure.net/.default"], credential.Scopes);
        Assert.Equal("Bearer token-1", vault.Authorized!.Headers.Authorization!.ToString());
        Assert.Equal("/secrets/media-shared-key", vault.Authorized.RequestUri!.AbsolutePath);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, """{"error":{"code":"Forbidden","message":"no access"}}""")]
    [InlineData(HttpStatusCode.OK, """{"id":"https://vault-x.vault.azure.net/secrets/media-shared-key/v1","attributes":{"enabled":true}}""")]
    public async Task A_refusal_or_an_empty_secret_stops_the_start_with_a_clear_error(HttpStatusCode status, string body)
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            KeyVaultSharedKey.ReadAsync(Secret, new FixedToken(), CancellationToken.None, new PlayedKeyVault(status, body).Options));
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

    /// <summary>Key Vault's answers: 401 with the bearer challenge to a request without a token, then the given answer.</summary>
    private sealed class PlayedKeyVault(HttpStatusCode status, string body) : HttpMessageHandler
    {
        public HttpRequestMessage? Authorized { get; private set; }

        public SecretClientOptions Options => new() { Transport = new HttpClientTransport(this), Retry = { MaxRetries = 0 } };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Headers.Authorization is null)
            {
                var challenge = new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent("") };
                challenge.Headers.TryAddWithoutValidation("WWW-Authenticate",
                    "Bearer authorization=\"https://login.microsoftonline.com/00000000-0000-0000-0000-000000000001\", resource=\"https://vault.azure.net\"");
                return Task.FromResult(challenge);
            }
            Authorized = request;
            return Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
        }
    }
}
