// The media host (the confbridge) on Azure Container Instances: public UDP for SIP (5060) and
// RTP (10000 upward, one port each: ACI takes no ranges), TCP 7080 for the control plane's
// commands. Its identity writes recordings, reads the planes' shared key and transcribes with Azure AI Speech.
param name string
param location string
param image string
param storageAccountName string
param keyVaultName string
param mediaKeySecretName string
param rtpPortCount int
param speechAccountName string
@description('Comma-separated Azure AI Speech locales transcription may use.')
param transcribeLanguages string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource speech 'Microsoft.CognitiveServices/accounts@2024-10-01' existing = {
  name: speechAccountName
}

var rtpPorts = [for i in range(0, rtpPortCount): { protocol: 'UDP', port: 10000 + i }]
var ports = concat([{ protocol: 'UDP', port: 5060 }, { protocol: 'TCP', port: 7080 }], rtpPorts)

resource group 'Microsoft.ContainerInstance/containerGroups@2023-05-01' = {
  name: name
  location: location
  identity: { type: 'SystemAssigned' }
  properties: {
    osType: 'Linux'
    restartPolicy: 'Always'
    ipAddress: {
      type: 'Public'
      dnsNameLabel: name
      ports: ports
    }
    containers: [
      {
        name: 'media-host'
        properties: {
          image: image
          ports: ports
          resources: { requests: { cpu: 2, memoryInGB: 4 } }
          environmentVariables: [
            { name: 'CONFERENCE_STORAGE_ACCOUNT', value: storage.name }
            { name: 'CONFERENCE_MEDIA_KEY_SECRET_URI', value: '${vault.properties.vaultUri}secrets/${mediaKeySecretName}' }
            { name: 'CONFERENCE_RTP_PORTS', value: '10000-${10000 + rtpPortCount - 1}' }
            { name: 'CONFERENCE_TRANSCRIBE_ENGINE', value: 'azure' }
            { name: 'CONFERENCE_SPEECH_ENDPOINT', value: 'https://${location}.stt.speech.microsoft.com' }
            { name: 'CONFERENCE_SPEECH_RESOURCE_ID', value: speech.id }
            { name: 'CONFERENCE_TRANSCRIBE_LANGUAGES', value: transcribeLanguages }
          ]
        }
      }
    ]
  }
}

resource recordingsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, group.id, 'ba92f5b4-2d11-453d-a403-e96b0029c9fe')
  scope: storage
  properties: {
    principalId: group.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'ba92f5b4-2d11-453d-a403-e96b0029c9fe') // Storage Blob Data Contributor
  }
}

resource secretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, group.id, '4633458b-17de-408a-b874-0445c86b69e6')
  scope: vault
  properties: {
    principalId: group.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4633458b-17de-408a-b874-0445c86b69e6') // Key Vault Secrets User
  }
}

resource speechRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(speech.id, group.id, 'f2dc8367-1007-4938-bd23-fe263f013447')
  scope: speech
  properties: {
    principalId: group.identity.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'f2dc8367-1007-4938-bd23-fe263f013447') // Cognitive Services Speech User
  }
}

output fqdn string = group.properties.ipAddress.fqdn
