// Key Vault (RBAC) holding the secrets: the planes' shared key, the first admin's password and
// the key login tokens are signed with.
param name string
param location string

@secure()
param mediaSharedKey string

@secure()
param adminPassword string

@secure()
param tokenSigningKey string

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

resource admin 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'admin-password'
  properties: { value: adminPassword }
}

resource signing 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'token-signing-key'
  properties: { value: tokenSigningKey }
}

output name string = vault.name
output adminPasswordSecretUri string = admin.properties.secretUri
output tokenSigningKeySecretUri string = signing.properties.secretUri
output mediaKeySecretUri string = mediaKey.properties.secretUri
