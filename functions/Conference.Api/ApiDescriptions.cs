using Conference.Core.Accounts;
using Conference.Core.Calls;
using Conference.Core.Conferencecalls;
using Conference.Core.Conferences;
using Conference.Core.Recordings;

namespace Conference.Api;

/// <summary>What each route of <see cref="ApiRoutes.All"/> does and takes, for the OpenAPI document: a summary, the body type and the answer type.</summary>
public sealed record ApiDescription(string Summary, Type? Body, Type? Answer, bool Paged = false, string AnswerContentType = "application/json");

public static class ApiDescriptions
{
    public static IReadOnlyDictionary<string, ApiDescription> ByRoute { get; } = new Dictionary<string, ApiDescription>
    {
        ["CreateConference"] = new("Create a conference (status starting, then progressing once the media host holds its room).", typeof(ConferenceSettings), typeof(ConferenceView)),
        ["ListConferences"] = new("List conferences, newest first; filters: status, type, name.", null, typeof(ConferenceView), Paged: true),
        ["GetConference"] = new("Get a conference.", null, typeof(ConferenceView)),
        ["UpdateConference"] = new("Change a conference's settings.", typeof(ConferenceSettings), typeof(ConferenceView)),
        ["DeleteConference"] = new("Terminate a conference: every participant is kicked; terminated once empty.", null, typeof(ConferenceView)),
        ["Conference_recording_start"] = new("Start recording (409 unless progressing and not recording).", typeof(RecordingStartRequest), typeof(ConferenceView)),
        ["Conference_recording_stop"] = new("Stop the recording.", null, typeof(ConferenceView)),
        ["Conference_recording_pause"] = new("Pause the recording (silence is not written).", null, typeof(ConferenceView)),
        ["Conference_recording_resume"] = new("Resume a paused recording.", null, typeof(ConferenceView)),
        ["Conference_transcribe_start"] = new("Start transcription.", typeof(TranscribeStartRequest), typeof(ConferenceView)),
        ["Conference_transcribe_stop"] = new("Stop transcription.", null, typeof(ConferenceView)),
        ["Conference_direct_hash_regenerate"] = new("Make a new direct hash; the old SIP address stops working.", null, typeof(ConferenceView)),
        ["Conference_lock"] = new("Lock the conference: nobody new joins.", null, typeof(ConferenceView)),
        ["Conference_unlock"] = new("Unlock the conference.", null, typeof(ConferenceView)),
        ["Conference_participants_action"] = new("Mute, unmute, deaf, undeaf, hold, unhold or kick participants at once.", typeof(ParticipantsActionRequest), typeof(ConferenceView)),
        ["Conference_play"] = new("Play a prompt to the conference or to some participants.", typeof(PlayRequest), typeof(ConferenceView)),
        ["ListConferencecalls"] = new("List participants, newest first; filters: conference_id, status.", null, typeof(ConferencecallView), Paged: true),
        ["GetConferencecall"] = new("Get a participant.", null, typeof(ConferencecallView)),
        ["KickConferencecall"] = new("Kick a participant (409 unless joining or joined).", null, typeof(ConferencecallView)),
        ["Conferencecall_mute"] = new("Mute a participant: the others stop hearing it.", null, typeof(ConferencecallView)),
        ["Conferencecall_unmute"] = new("Unmute a participant.", null, typeof(ConferencecallView)),
        ["Conferencecall_deaf"] = new("Deafen a participant: it stops hearing the conference.", null, typeof(ConferencecallView)),
        ["Conferencecall_undeaf"] = new("Undeafen a participant.", null, typeof(ConferencecallView)),
        ["Conferencecall_hold"] = new("Hold a participant: it neither hears nor is heard.", null, typeof(ConferencecallView)),
        ["Conferencecall_unhold"] = new("Take a participant off hold.", null, typeof(ConferencecallView)),
        ["CreateCall"] = new("Dial out: a SIP call that runs its actions once answered.", typeof(DialRequest), typeof(CallView)),
        ["ListCalls"] = new("List calls, newest first; filters: status, direction.", null, typeof(CallView), Paged: true),
        ["GetCall"] = new("Get a call.", null, typeof(CallView)),
        ["HangupCall"] = new("Hang up a call.", null, typeof(CallView)),
        ["ListRecordings"] = new("List recordings, newest first; filter: status.", null, typeof(RecordingView), Paged: true),
        ["GetRecording"] = new("Get a recording.", null, typeof(RecordingView)),
        ["GetRecordingFile"] = new("The recording's WAV file (409 until it has ended).", null, null, AnswerContentType: "audio/wav"),
        ["DeleteRecording"] = new("Delete an ended recording and its file.", null, typeof(RecordingView)),
        ["Login"] = new("Log in: a signed token that expires.", typeof(LoginRequest), typeof(LoginAnswer)),
        ["ListAccessKeys"] = new("List access keys (their tokens are never shown again).", null, typeof(AccessKeyView), Paged: true),
        ["CreateAccessKey"] = new("Create an access key; its token is in this answer only. 'expire' is seconds (default one year).", typeof(CreateAccessKey), typeof(AccessKeyView)),
        ["GetAccessKey"] = new("Get an access key.", null, typeof(AccessKeyView)),
        ["UpdateAccessKey"] = new("Rename or describe an access key.", typeof(UpdateAccessKey), typeof(AccessKeyView)),
        ["DeleteAccessKey"] = new("Delete an access key: it stops working at once.", null, typeof(AccessKeyView)),
        ["GetCustomer"] = new("The caller's customer: webhook and its signing secret.", null, typeof(CustomerView)),
        ["UpdateCustomer"] = new("Change the caller's customer: name, detail, email, where events are delivered (webhook_uri, webhook_method POST or PUT).", typeof(UpdateCustomer), typeof(CustomerView)),
        ["CreateCustomer"] = new("Onboard a customer (name required).", typeof(CreateCustomer), typeof(CustomerView)),
        ["ListCustomers"] = new("List customers, newest first, deleted ones too; filters: status, name.", null, typeof(CustomerView), Paged: true),
        ["GetCustomerById"] = new("Get a customer (a deleted one too).", null, typeof(CustomerView)),
        ["UpdateCustomerById"] = new("Change a customer: name, detail, email, webhook_uri, webhook_method (409 once deleted).", typeof(UpdateCustomer), typeof(CustomerView)),
        ["DeleteCustomer"] = new("Delete a customer: its keys and tokens stop working at once, its live conferences are terminated; it stays readable here.", null, typeof(CustomerView)),
        ["CreateUser"] = new("Create a user (username unique, password at least 12 characters; customer_id for another customer: platform admin).", typeof(CreateUser), typeof(UserView)),
        ["ListUsers"] = new("List users, newest first; ?customer_id= for another customer (platform admin); filter: name.", null, typeof(UserView), Paged: true),
        ["GetUser"] = new("Get a user.", null, typeof(UserView)),
        ["UpdateUser"] = new("Change a user's name, detail or permission.", typeof(UpdateUser), typeof(UserView)),
        ["DeleteUser"] = new("Delete a user: it cannot log in from now on and its tokens are refused.", null, typeof(UserView)),
        ["ChangeUserPassword"] = new("Change a user's password: the user itself, or an admin of its customer.", typeof(ChangePassword), typeof(UserView)),
        ["ListWebhookDeliveries"] = new("Webhook deliveries given up on (parked), oldest first.", null, typeof(Adapters.Events.ParkedDelivery), Paged: true),
        ["MediaReport"] = new("Internal: the media host reports (X-Media-Key).", null, null),
        ["MediaJoin"] = new("Internal: a call asks to join a conference (X-Media-Key).", null, null),
        ["MediaIncomingCall"] = new("Internal: the media host routes an incoming SIP call (X-Media-Key).", null, null),
        ["MediaHeartbeat"] = new("Internal: what the media host has, every 2 s; the control plane reconciles against it (X-Media-Key).", null, null),
        ["Restcomm_ListConferences"] = new("Restcomm: list conferences (XML; Page, PageSize, Limit; filters Status, FriendlyName, DateCreated, DateUpdated). HTTP Basic AccountSid:AuthToken.", null, typeof(Restcomm.RestcommConference), AnswerContentType: "application/xml"),
        ["Restcomm_ListConferencesJson"] = new("Restcomm: list conferences (JSON; Page, PageSize, Limit; filters Status, FriendlyName, DateCreated, DateUpdated). HTTP Basic AccountSid:AuthToken.", null, typeof(Restcomm.RestcommConference)),
        ["Restcomm_GetConference"] = new("Restcomm: a conference (JSON with .json after its sid, XML without).", null, typeof(Restcomm.RestcommConference)),
        ["Restcomm_ListParticipants"] = new("Restcomm: the conference's in-progress calls (XML; Page, PageSize, Limit).", null, typeof(Restcomm.RestcommParticipant), AnswerContentType: "application/xml"),
        ["Restcomm_ListParticipantsJson"] = new("Restcomm: the conference's in-progress calls (JSON; Page, PageSize, Limit).", null, typeof(Restcomm.RestcommParticipant)),
        ["Restcomm_GetParticipant"] = new("Restcomm: one participant by its CallSid.", null, typeof(Restcomm.RestcommParticipant)),
        ["Restcomm_UpdateParticipant"] = new("Restcomm: Muted=true|false, Hold=true|false (form-encoded).", null, typeof(Restcomm.RestcommParticipant)),
        ["Restcomm_KickParticipant"] = new("Restcomm: kick the participant (204).", null, null),
        ["Restcomm_CreateNumber"] = new("Restcomm: bind a dial-in number to a voice application (form: PhoneNumber, VoiceUrl, VoiceMethod, FriendlyName; 201, XML).", null, typeof(Restcomm.RestcommIncomingPhoneNumber), AnswerContentType: "application/xml"),
        ["Restcomm_CreateNumberJson"] = new("Restcomm: bind a dial-in number to a voice application (form: PhoneNumber, VoiceUrl, VoiceMethod, FriendlyName; 201). A SIP call to sip:<number>@<media host> runs the RCML VoiceUrl answers.", null, typeof(Restcomm.RestcommIncomingPhoneNumber)),
        ["Restcomm_ListNumbers"] = new("Restcomm: the account's incoming phone numbers (XML; Page, PageSize, Limit).", null, typeof(Restcomm.RestcommIncomingPhoneNumber), AnswerContentType: "application/xml"),
        ["Restcomm_ListNumbersJson"] = new("Restcomm: the account's incoming phone numbers (JSON; Page, PageSize, Limit).", null, typeof(Restcomm.RestcommIncomingPhoneNumber)),
        ["Restcomm_GetNumber"] = new("Restcomm: one incoming phone number by its sid (PN...).", null, typeof(Restcomm.RestcommIncomingPhoneNumber)),
        ["Restcomm_UpdateNumber"] = new("Restcomm: change VoiceUrl, VoiceMethod or FriendlyName (form-encoded).", null, typeof(Restcomm.RestcommIncomingPhoneNumber)),
        ["Restcomm_DeleteNumber"] = new("Restcomm: release the number (204).", null, null),
    };
}
