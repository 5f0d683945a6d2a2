using System.Text.Json;
using Conference.Core.Conferences;
using Conference.Core.Entities;

namespace Conference.Api.Restcomm;

/// <summary>
/// RCML's conferences are found by name within an account: the first caller to a name creates it,
/// later callers join it, and once it has ended the next caller starts a new one. Each of a name's
/// conferences has an id made from the account, the name and its generation, so two first callers
/// at once create the same conference (the create is idempotent under one key) instead of two.
/// </summary>
public static class RcmlConferences
{
    /// <summary>An RCML conference lasts at most a day (its timeout), so one nobody joined does not stay.</summary>
    public const int TimeoutSeconds = 24 * 3600;
    private const string Generation = "rcml_generation";

    /// <summary>The live conference of that name, created when there is none; it is progressing when this returns.</summary>
    public static async Task<Guid> FindOrCreateAsync(ApiServices s, Guid customerId, RcmlConference noun, CancellationToken cancellationToken)
    {
        // The list index says which generations ended already (it may lag: the probe below reads the entities themselves).
        var listed = await s.Index.FirstAsync(Resources.Conference, customerId, new Dictionary<string, string> { ["name"] = noun.Name }, 1000, cancellationToken);
        var generation = listed.Select(row => row.GetProperty("data").TryGetProperty(Generation, out var g) && g.TryGetInt64(out var n) ? n : -1).DefaultIfEmpty(-1).Max();
        for (var n = Math.Max(0, generation); ; n++)
        {
            var id = NameBasedId.Of("rcml-conference", customerId.ToString(), noun.Name, n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var state = await s.Entities.GetStateAsync<ConferenceState>(EntityId.Conference(id), cancellationToken);
            if (state is null)
            {
                await s.Entities.CallAsync(EntityId.Conference(id), nameof(ConferenceEntity.Create),
                    new CreateConference(customerId, SettingsFor(noun, n), $"rcml|{n}"), cancellationToken: cancellationToken);
            }
            else if (state.Status is ConferenceStatus.Terminating or ConferenceStatus.Terminated)
            {
                continue;
            }
            if (await ConferenceReadiness.WaitProgressingAsync(s, id, cancellationToken))
            {
                return id;
            }
        }
    }

    /// <summary>The first caller's attributes make the conference: a later caller's maxParticipants, waitUrl and statusCallback are not looked at, as in Twilio.</summary>
    private static ConferenceSettings SettingsFor(RcmlConference noun, long generation) => new()
    {
        Type = ConferenceTypes.Conference,
        Name = noun.Name,
        Data = JsonSerializer.SerializeToElement(new Dictionary<string, long> { [Generation] = generation }),
        MaxParticipants = noun.MaxParticipants,
        // Beeps are each participant's own (the noun's beep); until someone with startConferenceOnEnter is in, the others wait.
        BeepEnabled = BeepModes.Never,
        StartConferenceOnCreate = false,
        HoldAudioUrl = noun.WaitUrl?.ToString() ?? "",
        EndWhenEmpty = true,
        Timeout = TimeoutSeconds,
        StatusCallback = noun.StatusCallback is { } url ? new StatusCallback(url.ToString(), noun.StatusCallbackMethod, noun.StatusCallbackEvents) : null,
    };
}
