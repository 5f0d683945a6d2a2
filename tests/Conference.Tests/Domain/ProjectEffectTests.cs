using System.Text.Json;
using Conference.Core.Entities;

namespace Conference.Tests.Domain;

public sealed class ProjectEffectTests
{
    private static readonly Guid Customer = Guid.NewGuid();

    private static ProjectEffect View(string resource, Guid id, string status) =>
        new(Guid.NewGuid(), resource, Customer, id, JsonSerializer.SerializeToElement(new { status }));

    [Fact]
    public void Of_views_delivered_together_only_the_last_of_each_resource_is_written()
    {
        Guid conference = Guid.NewGuid(), participant = Guid.NewGuid();
        Effect[] effects =
        [
            View("conference", conference, "starting"),
            View("conferencecall", participant, "joining"),
            new MediaEffect(Guid.NewGuid(), new Conference.Core.Media.KickLeg(conference, participant, "kicked")),
            View("conference", conference, "progressing"),
            View("conferencecall", participant, "joined"),
            View("conference", conference, "terminating"),
        ];

        var written = ProjectEffect.LatestOfEach(effects).Select(v => (v.Resource, v.View.GetProperty("status").GetString())).ToList();

        Assert.Equal([("conference", "terminating"), ("conferencecall", "joined")], written);
    }

    [Fact]
    public void Views_of_different_resources_with_the_same_id_are_both_written()
    {
        var id = Guid.NewGuid();

        var written = ProjectEffect.LatestOfEach([View("conference", id, "a"), View("recording", id, "b")]);

        Assert.Equal(2, written.Count());
    }
}
