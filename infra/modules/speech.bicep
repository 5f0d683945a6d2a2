// Azure AI Speech for transcription. The media host calls its speech-to-text REST API with its managed
// identity (a Microsoft Entra token names this resource, which needs a custom subdomain for that);
// keys are turned off.
param name string
param location string

resource speech 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  kind: 'SpeechServices'
  sku: { name: 'S0' }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

output name string = speech.name
output id string = speech.id
