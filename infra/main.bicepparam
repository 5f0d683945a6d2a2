// Deployment parameters. adminPassword is read from CONFERENCE_ADMIN_PASSWORD when the file is built;
// mediaHostImage is the image built from media-host/Dockerfile and pushed to your registry.
using 'main.bicep'

param name = 'conference'
param mediaHostImage = 'ghcr.io/REPLACE-ME/conference-media-host:latest'
param rtpPortCount = 20
param adminPassword = readEnvironmentVariable('CONFERENCE_ADMIN_PASSWORD')
