using Azure;
using Azure.Core;
using Azure.Security.KeyVault.Secrets;

namespace Conference.MediaHost;

/// <summary>
/// Reads one Key Vault secret with the container's managed identity, through the Key Vault SDK.
/// Container Instances have no Key Vault references for environment variables, so the media host
/// fetches its shared key itself at start; a refusal or an empty secret stops the start with a
/// message naming the secret.
/// </summary>
public static class KeyVaultSharedKey
{
    public static async Task<string> ReadAsync(Uri secretUri, TokenCredential credential, CancellationToken cancellationToken, SecretClientOptions? options = null)
    {
        var id = new KeyVaultSecretIdentifier(secretUri);
        var client = new SecretClient(id.VaultUri, credential, options ?? new SecretClientOptions());
        KeyVaultSecret secret;
        try
        {
            secret = (await client.GetSecretAsync(id.Name, id.Version, cancellationToken)).Value;
        }
        catch (RequestFailedException e)
        {
            throw new InvalidOperationException($"Key Vault answered {e.Status} ({e.ErrorCode}) for the secret {id.Name} in {id.VaultUri}.", e);
        }
        return secret.Value is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"The Key Vault secret {id.Name} in {id.VaultUri} has no value.");
    }
}
