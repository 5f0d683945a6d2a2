// Key Vault (RBAC) holding the planes' shared key.
param name string
param location string

@secure()
param mediaSharedKey string

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

resource mediaKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'media-shared-key'
  properties: { value: mediaSharedKey }
}

output name string = vault.name
output mediaKeySecretUri string = mediaKey.properties.secretUri
