// The control plane: a Function App on Flex Consumption (.NET 10 isolated), with a system-assigned
// identity that reaches storage (blobs, tables, the Durable task hub's queues) and the shared key.
param name string
param location string
param storageAccountName string
param appInsightsConnectionString string
param keyVaultName string
param secretNames { mediaSharedKey: string, adminPassword: string, tokenSigningKey: string }
param mediaHostUrl string
@description('Comma-separated languages transcribe_start takes (what the media host\'s engine does).')
param transcribeLanguages string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${name}-plan'
  location: location
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}app-package'
          authentication: { type: 'SystemAssignedIdentity' }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: 100
        instanceMemoryMB: 2048
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      appSettings: [
        // Identity-based connection for the Functions host and the Durable task hub.
        { name: 'AzureWebJobsStorage__accountName', value: storage.name }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: appInsightsConnectionString }
        // Read by functions/Conference.Functions/AzureSettings.cs.
        { name: 'CONFERENCE_STORAGE_ACCOUNT', value: storage.name }
        { name: 'CONFERENCE_MEDIA_HOST_URL', value: mediaHostUrl }
        { name: 'CONFERENCE_TRANSCRIBE_LANGUAGES', value: transcribeLanguages }
        { name: 'CONFERENCE_MEDIA_KEY', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${secretNames.mediaSharedKey})' }
        { name: 'CONFERENCE_ADMIN_PASSWORD', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${secretNames.adminPassword})' }
        { name: 'CONFERENCE_TOKEN_SIGNING_KEY', value: '@Microsoft.KeyVault(VaultName=${vault.name};SecretName=${secretNames.tokenSigningKey})' }
      ]
    }
  }
}

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
}

resource storageRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in [roles.storageBlobDataOwner, roles.storageTableDataContributor, roles.storageQueueDataContributor]: {
  name: guid(storage.id, app.id, role)
  scope: storage
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
  }
}]

resource secretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, app.id, roles.keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

output defaultHostName string = app.properties.defaultHostName
