using System.Text.Json.Nodes;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.People;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Core.Tests.People;

/// <summary>
/// The real SQLite write unit, with a rival writer that inserts <see cref="UserId"/> right before the service's own
/// insert of that new person, after the service looked it up and found nobody. SQLite's write transactions are
/// immediate, so no second connection can write in between; the rival row goes in through the same transaction,
/// with the same SQL, which is exactly what the service's insert then meets.
/// </summary>
public sealed class RacingWriteUnit(IWriteUnit inner, string userId) : IWriteUnit
{
    public string UserId => userId;
    public Guid? RivalId { get; private set; }

    public Task<T> RunAsync<T>(Func<IWriteSession, Task<T>> work, CancellationToken ct = default) =>
        inner.RunAsync(session => work(new Session(session, this)), ct);

    sealed class Session(IWriteSession inner, RacingWriteUnit race) : IWriteSession
    {
        public async Task<bool> SaveAsync(PersonState person, CancellationToken ct = default)
        {
            if (person.IsNew && person.UserId == race.UserId && race.RivalId is null)
            {
                var at = person.CreatedAt.AddSeconds(-1);
                var rival = new PersonState
                {
                    Id = Guid.CreateVersion7(at), WorkspaceId = person.WorkspaceId, UserId = person.UserId,
                    Traits = new JsonObject { ["rival"] = true }, CreatedAt = at, UpdatedAt = at, IsNew = true,
                };
                Assert.True(await inner.SaveAsync(rival, ct));
                race.RivalId = rival.Id;
            }
            return await inner.SaveAsync(person, ct);
        }

        public Task<Dictionary<string, PersonState>> LoadByUserIdsAsync(string ws, IEnumerable<string> userIds, CancellationToken ct = default) =>
            inner.LoadByUserIdsAsync(ws, userIds, ct);
        public Task<List<PersonState>> LoadByIdsAsync(string ws, IEnumerable<Guid> ids, CancellationToken ct = default) => inner.LoadByIdsAsync(ws, ids, ct);
        public Task<bool> UserIdTakenAsync(string ws, string userId, Guid except, CancellationToken ct = default) => inner.UserIdTakenAsync(ws, userId, except, ct);
        public Task<Guid?> FindIdByUserIdAsync(string ws, string userId, CancellationToken ct = default) => inner.FindIdByUserIdAsync(ws, userId, ct);
        public Task<bool> ExistsAsync(string ws, Guid id, CancellationToken ct = default) => inner.ExistsAsync(ws, id, ct);
        public Task RecordEventAsync(string ws, PersonEvent e, string? anonymousId, CancellationToken ct = default) => inner.RecordEventAsync(ws, e, anonymousId, ct);
        public Task AttachAnonymousEventsAsync(string ws, string anonymousId, Guid personId, CancellationToken ct = default) =>
            inner.AttachAnonymousEventsAsync(ws, anonymousId, personId, ct);
        public Task<bool> DeleteAsync(string ws, Guid id, CancellationToken ct = default) => inner.DeleteAsync(ws, id, ct);
        public Task RecordImportBatchAsync(ImportBatchRecord batch, CancellationToken ct = default) => inner.RecordImportBatchAsync(batch, ct);
    }
}
