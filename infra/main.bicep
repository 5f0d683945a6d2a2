// Conference on Azure: the control plane as a Function App (Flex Consumption, .NET 10 isolated,
// Durable entities on Azure Storage), recordings and indexes in one storage account, the media
// host as a container group with public UDP ports (Container Apps ingress has no UDP), and the
// two planes' shared key in Key Vault. Every identity is managed; no storage key is handed out.
targetScope = 'resourceGroup'

@description('Short name used to build resource names.')
@minLength(3)
@maxLength(11)
param name string = 'conference'

param location string = resourceGroup().location

@description('The media host container image (built from media-host/Dockerfile).')
param mediaHostImage string

@description('The key the control plane and the media host prove themselves with. Defaults to a new random value on first deployment.')
@secure()
param mediaSharedKey string = newGuid()

@description('The first admin user\'s password (user "admin"); it logs in with POST /v1.0/auth/login.')
@secure()
@minLength(12)
param adminPassword string

@description('The key login tokens are signed with. Defaults to a new random value: a redeployment without it signs out every login token.')
@secure()
param tokenSigningKey string = '${newGuid()}${newGuid()}'

@description('How many RTP ports the media host opens (from 10000). Container Instances take single ports, not ranges.')
@minValue(2)
@maxValue(50)
param rtpPortCount int = 20

@description('The languages customers may ask transcribe_start for: Azure AI Speech locales.')
param transcribeLanguages array = ['en-US', 'en-GB', 'de-DE', 'es-ES', 'fr-FR', 'it-IT', 'ja-JP', 'ko-KR', 'pt-BR', 'zh-CN']

var suffix = uniqueString(resourceGroup().id, name)

// The Key Vault secrets, named once: the vault module creates them, the app and the media host read them by name.
var secretNames = {
  mediaSharedKey: 'media-shared-key'
  adminPassword: 'admin-password'
  tokenSigningKey: 'token-signing-key'
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    name: '${name}-${suffix}'
    location: location
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: take(toLower('${name}${suffix}'), 24)
    location: location
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    name: take('${name}-${suffix}', 24)
    location: location
    mediaSharedKey: mediaSharedKey
    adminPassword: adminPassword
    tokenSigningKey: tokenSigningKey
    secretNames: secretNames
  }
}

module speech 'modules/speech.bicep' = {
  name: 'speech'
  params: {
    name: '${name}-speech-${suffix}'
    location: location
  }
}

module mediaHost 'modules/mediahost.bicep' = {
  name: 'mediahost'
  params: {
    name: '${name}-media-${suffix}'
    location: location
    image: mediaHostImage
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    mediaKeySecretName: secretNames.mediaSharedKey
    rtpPortCount: rtpPortCount
    speechAccountName: speech.outputs.name
    transcribeLanguages: join(transcribeLanguages, ',')
  }
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    name: '${name}-api-${suffix}'
    location: location
    storageAccountName: storage.outputs.name
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    keyVaultName: keyVault.outputs.name
    secretNames: secretNames
    mediaHostUrl: 'http://${mediaHost.outputs.fqdn}:7080'
    transcribeLanguages: join(transcribeLanguages, ',')
  }
}

@description('Where the API answers: POST {apiBaseUrl}/conferences.')
output apiBaseUrl string = 'https://${functionApp.outputs.defaultHostName}/v1.0'

@description('Dial sip:direct.<direct_hash>@<sipDomain>.')
output sipDomain string = mediaHost.outputs.fqdn
