using Conference.Core.Entities;

namespace Conference.Tests.Runtime;

public sealed class RecentMessagesTests
{
    [Fact]
    public void Keeps_the_last_ids_up_to_its_capacity_and_forgets_the_oldest_first()
    {
        var ids = Enumerable.Range(0, RecentMessages.Capacity + 3).Select(_ => Guid.NewGuid()).ToList();

        var recent = new RecentMessages(ids);

        Assert.Equal(ids.Skip(3), recent.ToList());
        Assert.All(ids.Take(3), id => Assert.False(recent.Contains(id)));
        Assert.True(recent.Contains(ids[3]));
    }

    [Fact]
    public void An_id_remembered_twice_is_kept_once_and_does_not_push_another_out()
    {
        var ids = Enumerable.Range(0, RecentMessages.Capacity).Select(_ => Guid.NewGuid()).ToList();
        var recent = new RecentMessages(ids);

        recent.Remember(ids[^1]);

        Assert.Equal(ids, recent.ToList());
    }
}
