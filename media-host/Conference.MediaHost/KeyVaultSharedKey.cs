using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Core;

namespace Conference.MediaHost;

/// <summary>
/// Reads one Key Vault secret with a token credential (the container's managed identity): the
/// REST call <c>GET {secret-uri}?api-version=7.4</c> with a bearer token for
/// <c>https://vault.azure.net/.default</c>, answering the secret's <c>value</c>. Container Instances
/// have no Key Vault references for environment variables, so the media host fetches its shared
/// key itself at start.
/// </summary>
public static class KeyVaultSecret
{
    public const string Scope = "https://vault.azure.net/.default";

    public static async Task<string> ReadAsync(Uri secretUri, TokenCredential credential, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken);
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        using var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(secretUri) { Query = "api-version=7.4" }.Uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Key Vault answered {(int)response.StatusCode} for {secretUri.GetLeftPart(UriPartial.Path)}.");
        }
        using var document = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return document.RootElement.TryGetProperty("value", out var value) && value.GetString() is { Length: > 0 } secret
            ? secret
            : throw new InvalidOperationException($"The Key Vault secret {secretUri.GetLeftPart(UriPartial.Path)} has no value.");
    }
}
