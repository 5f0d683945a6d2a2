// Key Vault (RBAC) holding the secrets: the planes' shared key, the first admin's password and
// the key login tokens are signed with. Only the vault's name leaves this module: the readers
// reference the secrets by name, so no output carries a secret or points at one.
param name string
param location string

@description('The secrets\' names, as main.bicep gives them to every module that reads them.')
param secretNames { mediaSharedKey: string, adminPassword: string, tokenSigningKey: string }

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
  name: secretNames.mediaSharedKey
  properties: { value: mediaSharedKey }
}

resource admin 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames.adminPassword
  properties: { value: adminPassword }
}

resource signing 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: secretNames.tokenSigningKey
  properties: { value: tokenSigningKey }
}

output name string = vault.name
