using Conference.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Conference.Functions;

/// <summary>
/// One HTTP trigger per row of <see cref="ApiRoutes"/>, with the same route and method, each
/// handing the request to the shared route: no logic here. (host.json sets the route prefix to "",
/// so the paths are exactly the API's.)
/// </summary>
public static class HttpTriggers
{
    private static Task<IResult> Run(string route, HttpRequest request, DurableTaskClient client, string? id = null)
    {
        request.HttpContext.RequestServices.GetRequiredService<DurableGatewayHolder>().Use(client);
        return ApiRoutes.InvokeAsync(ApiRoutes.Named(route), request.HttpContext, id);
    }

    [Function("CreateConference")]
    public static Task<IResult> CreateConference([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("CreateConference", request, client);

    [Function("ListConferences")]
    public static Task<IResult> ListConferences([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/conferences")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListConferences", request, client);

    [Function("GetConference")]
    public static Task<IResult> GetConference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/conferences/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("GetConference", request, client, id);

    [Function("UpdateConference")]
    public static Task<IResult> UpdateConference([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1.0/conferences/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("UpdateConference", request, client, id);

    [Function("DeleteConference")]
    public static Task<IResult> DeleteConference([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1.0/conferences/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("DeleteConference", request, client, id);

    [Function("Conference_recording_start")]
    public static Task<IResult> Conference_recording_start([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/recording_start")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_recording_start", request, client, id);

    [Function("Conference_recording_stop")]
    public static Task<IResult> Conference_recording_stop([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/recording_stop")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_recording_stop", request, client, id);

    [Function("Conference_recording_pause")]
    public static Task<IResult> Conference_recording_pause([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/recording_pause")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_recording_pause", request, client, id);

    [Function("Conference_recording_resume")]
    public static Task<IResult> Conference_recording_resume([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/recording_resume")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_recording_resume", request, client, id);

    [Function("Conference_transcribe_start")]
    public static Task<IResult> Conference_transcribe_start([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/transcribe_start")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_transcribe_start", request, client, id);

    [Function("Conference_transcribe_stop")]
    public static Task<IResult> Conference_transcribe_stop([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/transcribe_stop")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_transcribe_stop", request, client, id);

    [Function("Conference_direct_hash_regenerate")]
    public static Task<IResult> Conference_direct_hash_regenerate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/direct-hash-regenerate")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_direct_hash_regenerate", request, client, id);

    [Function("Conference_lock")]
    public static Task<IResult> Conference_lock([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/lock")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_lock", request, client, id);

    [Function("Conference_unlock")]
    public static Task<IResult> Conference_unlock([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/unlock")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_unlock", request, client, id);

    [Function("Conference_participants_action")]
    public static Task<IResult> Conference_participants_action([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/participants_action")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_participants_action", request, client, id);

    [Function("Conference_play")]
    public static Task<IResult> Conference_play([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferences/{id}/play")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conference_play", request, client, id);

    [Function("ListConferencecalls")]
    public static Task<IResult> ListConferencecalls([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/conferencecalls")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListConferencecalls", request, client);

    [Function("GetConferencecall")]
    public static Task<IResult> GetConferencecall([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/conferencecalls/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("GetConferencecall", request, client, id);

    [Function("KickConferencecall")]
    public static Task<IResult> KickConferencecall([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1.0/conferencecalls/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("KickConferencecall", request, client, id);

    [Function("Conferencecall_mute")]
    public static Task<IResult> Conferencecall_mute([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferencecalls/{id}/mute")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conferencecall_mute", request, client, id);

    [Function("Conferencecall_unmute")]
    public static Task<IResult> Conferencecall_unmute([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferencecalls/{id}/unmute")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conferencecall_unmute", request, client, id);

    [Function("Conferencecall_deaf")]
    public static Task<IResult> Conferencecall_deaf([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferencecalls/{id}/deaf")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conferencecall_deaf", request, client, id);

    [Function("Conferencecall_undeaf")]
    public static Task<IResult> Conferencecall_undeaf([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferencecalls/{id}/undeaf")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conferencecall_undeaf", request, client, id);

    [Function("Conferencecall_hold")]
    public static Task<IResult> Conferencecall_hold([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferencecalls/{id}/hold")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conferencecall_hold", request, client, id);

    [Function("Conferencecall_unhold")]
    public static Task<IResult> Conferencecall_unhold([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/conferencecalls/{id}/unhold")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Conferencecall_unhold", request, client, id);

    [Function("CreateCall")]
    public static Task<IResult> CreateCall([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/calls")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("CreateCall", request, client);

    [Function("ListCalls")]
    public static Task<IResult> ListCalls([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/calls")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListCalls", request, client);

    [Function("GetCall")]
    public static Task<IResult> GetCall([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/calls/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("GetCall", request, client, id);

    [Function("HangupCall")]
    public static Task<IResult> HangupCall([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1.0/calls/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("HangupCall", request, client, id);

    [Function("Login")]
    public static Task<IResult> Login([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/auth/login")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Login", request, client);

    [Function("ListAccessKeys")]
    public static Task<IResult> ListAccessKeys([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/accesskeys")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListAccessKeys", request, client);

    [Function("CreateAccessKey")]
    public static Task<IResult> CreateAccessKey([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/accesskeys")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("CreateAccessKey", request, client);

    [Function("GetAccessKey")]
    public static Task<IResult> GetAccessKey([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/accesskeys/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("GetAccessKey", request, client, id);

    [Function("UpdateAccessKey")]
    public static Task<IResult> UpdateAccessKey([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1.0/accesskeys/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("UpdateAccessKey", request, client, id);

    [Function("DeleteAccessKey")]
    public static Task<IResult> DeleteAccessKey([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1.0/accesskeys/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("DeleteAccessKey", request, client, id);

    [Function("GetCustomer")]
    public static Task<IResult> GetCustomer([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/customer")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("GetCustomer", request, client);

    [Function("UpdateCustomer")]
    public static Task<IResult> UpdateCustomer([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1.0/customer")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("UpdateCustomer", request, client);

    [Function("CreateCustomer")]
    public static Task<IResult> CreateCustomer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/customers")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("CreateCustomer", request, client);

    [Function("ListCustomers")]
    public static Task<IResult> ListCustomers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/customers")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListCustomers", request, client);

    [Function("GetCustomerById")]
    public static Task<IResult> GetCustomerById([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/customers/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("GetCustomerById", request, client, id);

    [Function("UpdateCustomerById")]
    public static Task<IResult> UpdateCustomerById([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1.0/customers/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("UpdateCustomerById", request, client, id);

    [Function("DeleteCustomer")]
    public static Task<IResult> DeleteCustomer([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1.0/customers/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("DeleteCustomer", request, client, id);

    [Function("CreateUser")]
    public static Task<IResult> CreateUser([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1.0/users")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("CreateUser", request, client);

    [Function("ListUsers")]
    public static Task<IResult> ListUsers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/users")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListUsers", request, client);

    [Function("GetUser")]
    public static Task<IResult> GetUser([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/users/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("GetUser", request, client, id);

    [Function("UpdateUser")]
    public static Task<IResult> UpdateUser([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1.0/users/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("UpdateUser", request, client, id);

    [Function("DeleteUser")]
    public static Task<IResult> DeleteUser([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1.0/users/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("DeleteUser", request, client, id);

    [Function("ChangeUserPassword")]
    public static Task<IResult> ChangeUserPassword([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1.0/users/{id}/password")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("ChangeUserPassword", request, client, id);

    [Function("ListWebhookDeliveries")]
    public static Task<IResult> ListWebhookDeliveries([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/webhook_deliveries")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListWebhookDeliveries", request, client);

    [Function("ListRecordings")]
    public static Task<IResult> ListRecordings([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/recordings")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListRecordings", request, client);

    [Function("GetRecording")]
    public static Task<IResult> GetRecording([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/recordings/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("GetRecording", request, client, id);

    [Function("GetRecordingFile")]
    public static Task<IResult> GetRecordingFile([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/recordings/{id}/file")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("GetRecordingFile", request, client, id);

    [Function("DeleteRecording")]
    public static Task<IResult> DeleteRecording([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1.0/recordings/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("DeleteRecording", request, client, id);

    [Function("ListTranscribes")]
    public static Task<IResult> ListTranscribes([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/transcribes")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListTranscribes", request, client);

    [Function("GetTranscribe")]
    public static Task<IResult> GetTranscribe([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/transcribes/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("GetTranscribe", request, client, id);

    [Function("DeleteTranscribe")]
    public static Task<IResult> DeleteTranscribe([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1.0/transcribes/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("DeleteTranscribe", request, client, id);

    [Function("ListTranscripts")]
    public static Task<IResult> ListTranscripts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1.0/transcripts")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("ListTranscripts", request, client);

    [Function("MediaReport")]
    public static Task<IResult> MediaReport([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "internal/media/reports")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("MediaReport", request, client);

    [Function("MediaJoin")]
    public static Task<IResult> MediaJoin([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "internal/media/joins")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("MediaJoin", request, client);

    [Function("MediaIncomingCall")]
    public static Task<IResult> MediaIncomingCall([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "internal/media/calls")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("MediaIncomingCall", request, client);

    [Function("MediaHeartbeat")]
    public static Task<IResult> MediaHeartbeat([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "internal/media/heartbeat")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("MediaHeartbeat", request, client);

    [Function("OpenApiDocument")]
    public static IResult OpenApi([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/v1.json")] HttpRequest request) =>
        Results.Text(OpenApiDocument.Json, "application/json");

    [Function("Restcomm_ListConferences")]
    public static Task<IResult> Restcomm_ListConferences([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "restcomm/2012-04-24/Accounts/{account}/Conferences")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_ListConferences", request, client);

    [Function("Restcomm_ListConferencesJson")]
    public static Task<IResult> Restcomm_ListConferencesJson([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "restcomm/2012-04-24/Accounts/{account}/Conferences.json")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_ListConferencesJson", request, client);

    [Function("Restcomm_GetConference")]
    public static Task<IResult> Restcomm_GetConference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "restcomm/2012-04-24/Accounts/{account}/Conferences/{conference}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_GetConference", request, client);

    [Function("Restcomm_ListParticipants")]
    public static Task<IResult> Restcomm_ListParticipants([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "restcomm/2012-04-24/Accounts/{account}/Conferences/{conference}/Participants")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_ListParticipants", request, client);

    [Function("Restcomm_ListParticipantsJson")]
    public static Task<IResult> Restcomm_ListParticipantsJson([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "restcomm/2012-04-24/Accounts/{account}/Conferences/{conference}/Participants.json")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_ListParticipantsJson", request, client);

    [Function("Restcomm_GetParticipant")]
    public static Task<IResult> Restcomm_GetParticipant([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "restcomm/2012-04-24/Accounts/{account}/Conferences/{conference}/Participants/{call}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_GetParticipant", request, client);

    [Function("Restcomm_UpdateParticipant")]
    public static Task<IResult> Restcomm_UpdateParticipant([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "restcomm/2012-04-24/Accounts/{account}/Conferences/{conference}/Participants/{call}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_UpdateParticipant", request, client);

    [Function("Restcomm_KickParticipant")]
    public static Task<IResult> Restcomm_KickParticipant([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "restcomm/2012-04-24/Accounts/{account}/Conferences/{conference}/Participants/{call}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_KickParticipant", request, client);

    [Function("Restcomm_CreateNumber")]
    public static Task<IResult> Restcomm_CreateNumber([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "restcomm/2012-04-24/Accounts/{account}/IncomingPhoneNumbers")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_CreateNumber", request, client);

    [Function("Restcomm_CreateNumberJson")]
    public static Task<IResult> Restcomm_CreateNumberJson([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "restcomm/2012-04-24/Accounts/{account}/IncomingPhoneNumbers.json")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_CreateNumberJson", request, client);

    [Function("Restcomm_ListNumbers")]
    public static Task<IResult> Restcomm_ListNumbers([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "restcomm/2012-04-24/Accounts/{account}/IncomingPhoneNumbers")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_ListNumbers", request, client);

    [Function("Restcomm_ListNumbersJson")]
    public static Task<IResult> Restcomm_ListNumbersJson([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "restcomm/2012-04-24/Accounts/{account}/IncomingPhoneNumbers.json")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_ListNumbersJson", request, client);

    [Function("Restcomm_GetNumber")]
    public static Task<IResult> Restcomm_GetNumber([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "restcomm/2012-04-24/Accounts/{account}/IncomingPhoneNumbers/{number}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_GetNumber", request, client);

    [Function("Restcomm_UpdateNumber")]
    public static Task<IResult> Restcomm_UpdateNumber([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "restcomm/2012-04-24/Accounts/{account}/IncomingPhoneNumbers/{number}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_UpdateNumber", request, client);

    [Function("Restcomm_DeleteNumber")]
    public static Task<IResult> Restcomm_DeleteNumber([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "restcomm/2012-04-24/Accounts/{account}/IncomingPhoneNumbers/{number}")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Restcomm_DeleteNumber", request, client);

    [Function("Telnyx_CreateConference")]
    public static Task<IResult> Telnyx_CreateConference([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Telnyx_CreateConference", request, client);

    [Function("Telnyx_ListConferences")]
    public static Task<IResult> Telnyx_ListConferences([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/conferences")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Telnyx_ListConferences", request, client);

    [Function("Telnyx_GetConference")]
    public static Task<IResult> Telnyx_GetConference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/conferences/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_GetConference", request, client, id);

    [Function("Telnyx_ListParticipants")]
    public static Task<IResult> Telnyx_ListParticipants([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/conferences/{id}/participants")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_ListParticipants", request, client, id);

    [Function("Telnyx_Conference_join")]
    public static Task<IResult> Telnyx_Conference_join([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/join")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_join", request, client, id);

    [Function("Telnyx_Conference_leave")]
    public static Task<IResult> Telnyx_Conference_leave([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/leave")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_leave", request, client, id);

    [Function("Telnyx_Conference_mute")]
    public static Task<IResult> Telnyx_Conference_mute([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/mute")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_mute", request, client, id);

    [Function("Telnyx_Conference_unmute")]
    public static Task<IResult> Telnyx_Conference_unmute([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/unmute")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_unmute", request, client, id);

    [Function("Telnyx_Conference_hold")]
    public static Task<IResult> Telnyx_Conference_hold([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/hold")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_hold", request, client, id);

    [Function("Telnyx_Conference_unhold")]
    public static Task<IResult> Telnyx_Conference_unhold([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/unhold")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_unhold", request, client, id);

    [Function("Telnyx_Conference_play")]
    public static Task<IResult> Telnyx_Conference_play([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/play")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_play", request, client, id);

    [Function("Telnyx_Conference_stop")]
    public static Task<IResult> Telnyx_Conference_stop([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/stop")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_stop", request, client, id);

    [Function("Telnyx_Conference_speak")]
    public static Task<IResult> Telnyx_Conference_speak([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/speak")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_speak", request, client, id);

    [Function("Telnyx_Conference_record_start")]
    public static Task<IResult> Telnyx_Conference_record_start([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/record_start")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_record_start", request, client, id);

    [Function("Telnyx_Conference_record_stop")]
    public static Task<IResult> Telnyx_Conference_record_stop([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/record_stop")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_record_stop", request, client, id);

    [Function("Telnyx_Conference_record_pause")]
    public static Task<IResult> Telnyx_Conference_record_pause([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/record_pause")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_record_pause", request, client, id);

    [Function("Telnyx_Conference_record_resume")]
    public static Task<IResult> Telnyx_Conference_record_resume([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/record_resume")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_record_resume", request, client, id);

    [Function("Telnyx_Conference_update")]
    public static Task<IResult> Telnyx_Conference_update([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/conferences/{id}/actions/update")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Conference_update", request, client, id);

    [Function("Telnyx_Dial")]
    public static Task<IResult> Telnyx_Dial([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/calls")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Telnyx_Dial", request, client);

    [Function("Telnyx_GetCall")]
    public static Task<IResult> Telnyx_GetCall([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/calls/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_GetCall", request, client, id);

    [Function("Telnyx_Call_answer")]
    public static Task<IResult> Telnyx_Call_answer([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/calls/{id}/actions/answer")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Call_answer", request, client, id);

    [Function("Telnyx_Call_hangup")]
    public static Task<IResult> Telnyx_Call_hangup([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/calls/{id}/actions/hangup")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Call_hangup", request, client, id);

    [Function("Telnyx_Call_speak")]
    public static Task<IResult> Telnyx_Call_speak([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/calls/{id}/actions/speak")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_Call_speak", request, client, id);

    [Function("Telnyx_WebhookPublicKey")]
    public static Task<IResult> Telnyx_WebhookPublicKey([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/webhook_public_key")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Telnyx_WebhookPublicKey", request, client);

    [Function("Kazoo_ListConferences")]
    public static Task<IResult> Kazoo_ListConferences([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/accounts/{account}/conferences")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Kazoo_ListConferences", request, client);

    [Function("Kazoo_CreateConference")]
    public static Task<IResult> Kazoo_CreateConference([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v2/accounts/{account}/conferences")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Kazoo_CreateConference", request, client);

    [Function("Kazoo_GetConference")]
    public static Task<IResult> Kazoo_GetConference([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/accounts/{account}/conferences/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Kazoo_GetConference", request, client, id);

    [Function("Kazoo_ReplaceConference")]
    public static Task<IResult> Kazoo_ReplaceConference([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/accounts/{account}/conferences/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Kazoo_ReplaceConference", request, client, id);

    [Function("Kazoo_PatchConference")]
    public static Task<IResult> Kazoo_PatchConference([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v2/accounts/{account}/conferences/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Kazoo_PatchConference", request, client, id);

    [Function("Kazoo_DeleteConference")]
    public static Task<IResult> Kazoo_DeleteConference([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v2/accounts/{account}/conferences/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Kazoo_DeleteConference", request, client, id);

    [Function("Kazoo_ConferenceAction")]
    public static Task<IResult> Kazoo_ConferenceAction([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v2/accounts/{account}/conferences/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Kazoo_ConferenceAction", request, client, id);

    [Function("Kazoo_ListParticipants")]
    public static Task<IResult> Kazoo_ListParticipants([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v2/accounts/{account}/conferences/{id}/participants")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Kazoo_ListParticipants", request, client, id);

    [Function("Kazoo_ParticipantsAction")]
    public static Task<IResult> Kazoo_ParticipantsAction([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v2/accounts/{account}/conferences/{id}/participants")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Kazoo_ParticipantsAction", request, client, id);

    [Function("Kazoo_ParticipantAction")]
    public static Task<IResult> Kazoo_ParticipantAction([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v2/accounts/{account}/conferences/{id}/participants/{participant}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Kazoo_ParticipantAction", request, client, id);

    [Function("Telnyx_ClaimNumber")]
    public static Task<IResult> Telnyx_ClaimNumber([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v2/phone_numbers")] HttpRequest request, [DurableClient] DurableTaskClient client) => Run("Telnyx_ClaimNumber", request, client);

    [Function("Telnyx_ReleaseNumber")]
    public static Task<IResult> Telnyx_ReleaseNumber([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v2/phone_numbers/{id}")] HttpRequest request, string id, [DurableClient] DurableTaskClient client) => Run("Telnyx_ReleaseNumber", request, client, id);
}
