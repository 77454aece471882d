using Flameup.Admin.Core.Common;
using Flameup.Admin.Core.Events;
using Flameup.Admin.Core.Storage.Ports;

namespace Flameup.Admin.Core.People;

/// <summary>
/// Every rule about people: validation, key-by-key trait merge, atomic upsert, batches, search,
/// delete, and the person.created / person.updated events. The REST API, the dashboard and imports
/// all come through here; every change names its <see cref="Actor"/>, checked first, and each input passes
/// <see cref="PersonGate"/> once (raw JSON bodies: PeopleService.Json.cs).
/// </summary>
public sealed partial class PeopleService(IPeopleReader reader, IWriteUnit writes, TimeProvider clock, IPeopleChangeNotifier notifier)
{
    public const int MaxBatch = 100;

    public Task<Person?> GetAsync(string ws, Guid id, CancellationToken ct = default) => reader.GetAsync(ws, id, ct);

    public async Task<PeoplePage> ListAsync(string ws, PeopleQuery query, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        query.Validate(errors);
        errors.ThrowIfAny();
        var (people, total) = await reader.PageAsync(ws, query, ct);
        return new PeoplePage(people, total, query.Limit, query.Offset);
    }

    public async Task<IReadOnlyList<Person>> SearchAsync(string ws, PeopleSearch search, CancellationToken ct = default)
    {
        var errors = new ValidationErrors();
        search.Validate(errors);
        errors.ThrowIfAny();
        return await reader.SearchAsync(ws, search, ct);
    }

    /// <summary>Creates a person; a userId already in use is a <see cref="ConflictException"/>.</summary>
    public async Task<Person> CreateAsync(Actor actor, string ws, PersonInput input, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        var errors = new ValidationErrors();
        PersonGate.Check(input, PersonRuleSet.Upsert, "", errors);
        errors.ThrowIfAny();
        var person = await writes.RunAsync(async writer =>
        {
            var existing = await writer.LoadByUserIdsAsync(ws, [input.UserId!], ct);
            if (existing.Count > 0)
                throw new ConflictException("userId", $"A person with userId '{input.UserId}' already exists in this workspace.");
            var now = clock.GetUtcNow();
            var state = NewState(ws, input.UserId!, now);
            var errors = new ValidationErrors();
            var applied = await ApplyAsync(writer, state, input, "", now, errors, ct);
            errors.ThrowIfAny();
            if (!applied.Created) // inserted by another writer since the check above: still a conflict, nothing is kept
                throw new ConflictException("userId", $"A person with userId '{input.UserId}' already exists in this workspace.");
            return applied.State.ToPerson();
        }, ct);
        notifier.PeopleChanged(ws);
        return person;
    }

    /// <summary>Updates a person by id: any subset of fields; traits merge key by key.</summary>
    public async Task<Person> UpdateAsync(Actor actor, string ws, Guid id, PersonInput input, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        var errors = new ValidationErrors();
        PersonGate.Check(input, PersonRuleSet.Update, "", errors);
        errors.ThrowIfAny();
        var (person, changed) = await writes.RunAsync(async writer =>
        {
            var found = await writer.LoadByIdsAsync(ws, [id], ct);
            if (found.Count == 0) throw new NotFoundException($"No person with id {id} in this workspace.");
            var state = found[0];
            if (input.UserIdGiven && input.UserId != state.UserId && await writer.UserIdTakenAsync(ws, input.UserId!, state.Id, ct))
                throw new ConflictException("userId", $"Another person already has userId '{input.UserId}'.");
            var errors = new ValidationErrors();
            var applied = await ApplyAsync(writer, state, input, "", clock.GetUtcNow(), errors, ct);
            errors.ThrowIfAny();
            return (applied.State.ToPerson(), applied.Changed);
        }, ct);
        if (changed) notifier.PeopleChanged(ws);
        return person;
    }

    /// <summary>Creates or updates by (workspace, userId), atomically.</summary>
    public async Task<UpsertOutcome> UpsertAsync(Actor actor, string ws, PersonInput input, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        var errors = new ValidationErrors();
        PersonGate.Check(input, PersonRuleSet.Upsert, "", errors);
        errors.ThrowIfAny();
        var outcome = await writes.RunAsync(session => UpsertInTransactionAsync(session, ws, [input], _ => "", ct), ct);
        if (outcome.AnyChange) notifier.PeopleChanged(ws);
        return outcome.Items[0];
    }

    /// <summary>
    /// Upserts 1–100 people in order in one transaction, all or nothing. Errors are keyed
    /// <c>people[i].field</c>; the same userId twice creates once and then merges.
    /// </summary>
    public Task<BatchOutcome> BatchUpsertAsync(Actor actor, string ws, IReadOnlyList<PersonInput> items, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        if (items.Count is 0 or > MaxBatch)
        {
            var e = new ValidationErrors();
            e.Add("people", $"must hold 1 to {MaxBatch} people (got {items.Count})");
            e.ThrowIfAny();
        }
        return UpsertManyAsync(actor, ws, items, i => $"people[{i}].", ct);
    }

    /// <summary>The batch path without the size cap, for imports (which send batches of thousands).</summary>
    public Task<BatchOutcome> UpsertManyAsync(Actor actor, string ws, IReadOnlyList<PersonInput> items, Func<int, string> prefix, CancellationToken ct = default) =>
        UpsertManyAsync(actor, ws, items, prefix, null, ct);

    /// <summary>
    /// As above; <paramref name="beforeCommit"/> runs inside the same transaction after the people are written,
    /// so an import records how far it got atomically with the batch (a crash never splits the two).
    /// </summary>
    public async Task<BatchOutcome> UpsertManyAsync(Actor actor, string ws, IReadOnlyList<PersonInput> items, Func<int, string> prefix,
        Func<IWriteSession, BatchOutcome, Task>? beforeCommit, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        CheckBatch(items, prefix);
        return await WriteBatchAsync(ws, items, prefix, null, beforeCommit, ct);
    }

    /// <summary>Puts every item of a batch through the people gate for an upsert; one exception names all that fail.</summary>
    static void CheckBatch(IReadOnlyList<PersonInput> items, Func<int, string> prefix)
    {
        var errors = new ValidationErrors();
        for (var i = 0; i < items.Count; i++) PersonGate.Check(items[i], PersonRuleSet.Upsert, prefix(i), errors);
        errors.ThrowIfAny();
    }

    /// <summary>A checked batch in one transaction, <paramref name="beforeCommit"/> last inside it; the workspace's watchers told after.</summary>
    async Task<BatchOutcome> WriteBatchAsync(string ws, IReadOnlyList<PersonInput> items, Func<int, string> prefix, PreparedBatch? prepared,
        Func<IWriteSession, BatchOutcome, Task>? beforeCommit, CancellationToken ct)
    {
        var outcome = await writes.RunAsync(async session =>
        {
            var result = await UpsertInTransactionAsync(session, ws, items, prefix, ct, prepared);
            if (beforeCommit is not null) await beforeCommit(session, result);
            return result;
        }, ct);
        if (outcome.AnyChange) notifier.PeopleChanged(ws);
        return outcome;
    }

    /// <summary>
    /// Checks a batch for <see cref="UpsertPreparedAsync"/> and does, ahead of its transaction, the part of its merge that
    /// needs no stored row: each userId's first item applied to a blank new person (traits merged, checked and serialized,
    /// its person.created event built), for every userId the transaction will find missing. An import prepares its next
    /// batch this way while the current one is being written. The batch's time is taken here.
    /// </summary>
    public PreparedBatch Prepare(Actor actor, string ws, IReadOnlyList<PersonInput> items, Func<int, string> prefix)
    {
        actor.EnsureCanChange(ws);
        CheckBatch(items, prefix);
        var now = clock.GetUtcNow();
        var drafts = new NewDraft?[items.Count];
        var seen = new HashSet<string>(items.Count, StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var input = items[i];
            if (!seen.Add(input.UserId!)) continue; // a repeat merges onto the person its first item made or found
            var state = NewState(ws, input.UserId!, now);
            var own = new ValidationErrors();
            var changes = Merge(state, input, prefix(i), own);
            // A draft that breaks a rule is left to the transaction, which reports it the usual way.
            if (!own.IsEmpty) continue;
            drafts[i] = new NewDraft(state, ChangeEvent(state, true, changes, now));
            state.KeepSerializedTraitsOnly();
        }
        return new PreparedBatch(ws, items, prefix, now, drafts);
    }

    /// <summary>
    /// <see cref="UpsertManyAsync(Actor, string, IReadOnlyList{PersonInput}, Func{int, string}, Func{IWriteSession, BatchOutcome, Task}?, CancellationToken)"/>
    /// for a batch made by <see cref="Prepare"/>: the same transaction, locks, lookups, rules and outcome, with the drafts
    /// of the people found missing taken as they are. A prepared batch is written once (its drafts become the written people).
    /// </summary>
    public Task<BatchOutcome> UpsertPreparedAsync(Actor actor, PreparedBatch batch, Func<IWriteSession, BatchOutcome, Task>? beforeCommit,
        CancellationToken ct = default)
    {
        actor.EnsureCanChange(batch.WorkspaceId);
        if (Interlocked.Exchange(ref batch.Used, 1) != 0) throw new InvalidOperationException("A prepared batch is written once.");
        return WriteBatchAsync(batch.WorkspaceId, batch.Items, batch.Prefix, batch, beforeCommit, ct);
    }

    async Task<BatchOutcome> UpsertInTransactionAsync(
        IWriteSession writer, string ws, IReadOnlyList<PersonInput> items, Func<int, string> prefix, CancellationToken ct, PreparedBatch? prepared = null)
    {
        var byUserId = await writer.LoadByUserIdsAsync(ws, items.Select(i => i.UserId!), ct);
        var now = prepared?.Now ?? clock.GetUtcNow();
        var outcomes = new UpsertOutcome[items.Count];
        var errors = new ValidationErrors();
        var anyChange = false;
        for (var i = 0; i < items.Count; i++)
        {
            var input = items[i];
            Applied applied;
            if (byUserId.TryGetValue(input.UserId!, out var state))
                applied = await ApplyAsync(writer, state, input, prefix(i), now, errors, ct);
            else if (prepared?.Drafts[i] is { } draft) // missing, and its first item: the merge was done ahead
                applied = errors.IsEmpty
                    ? await SaveAsync(writer, draft.State, input, prefix(i), now, true, [], draft.Event, errors, ct)
                    : new(draft.State, true, false);
            else
                applied = await ApplyAsync(writer, NewState(ws, input.UserId!, now), input, prefix(i), now, errors, ct);
            // Saved item by item: the event needs the row, and a later item may update it again.
            byUserId[input.UserId!] = applied.State;
            anyChange |= applied.Changed;
            if (errors.IsEmpty) outcomes[i] = new UpsertOutcome(applied.State.ToPerson(), applied.Created);
        }
        errors.ThrowIfAny(); // nothing is committed: the transaction rolls back
        return new BatchOutcome(outcomes) { AnyChange = anyChange };
    }

    public async Task<bool> DeleteAsync(Actor actor, string ws, Guid id, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws, ChangeKind.Delete);
        var deleted = await writes.RunAsync(session => session.DeleteAsync(ws, id, ct), ct);
        if (deleted) notifier.PeopleChanged(ws);
        return deleted;
    }

    /// <summary>Deletes several people (and their events) in one transaction; returns how many existed.</summary>
    public async Task<int> DeleteManyAsync(Actor actor, string ws, IReadOnlyCollection<Guid> ids, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws, ChangeKind.Delete);
        var count = await writes.RunAsync(async writer =>
        {
            // Loaded first: the storage locks them all at once, in the order every writer uses, so deletes of shared
            // people in other orders, and batches of them, queue instead of deadlocking.
            var n = 0;
            foreach (var state in await writer.LoadByIdsAsync(ws, ids, ct))
                if (await writer.DeleteAsync(ws, state.Id, ct)) n++;
            return n;
        }, ct);
        if (count > 0) notifier.PeopleChanged(ws);
        return count;
    }

    /// <summary>Applies the same change (for example a status) to several people; returns how many changed.</summary>
    public async Task<int> UpdateManyAsync(Actor actor, string ws, IReadOnlyCollection<Guid> ids, PersonInput input, CancellationToken ct = default)
    {
        actor.EnsureCanChange(ws);
        if (input.UserIdGiven)
        {
            var e = new ValidationErrors();
            e.Add("userId", "cannot be set on several people at once");
            e.ThrowIfAny();
        }
        var errors = new ValidationErrors();
        PersonGate.Check(input, PersonRuleSet.Update, "", errors);
        errors.ThrowIfAny();
        var count = await writes.RunAsync(async writer =>
        {
            var n = 0;
            var now = clock.GetUtcNow();
            var errors = new ValidationErrors();
            foreach (var state in await writer.LoadByIdsAsync(ws, ids, ct))
            {
                if ((await ApplyAsync(writer, state, input, "", now, errors, ct)).Changed) n++;
                errors.ThrowIfAny();
            }
            return n;
        }, ct);
        if (count > 0) notifier.PeopleChanged(ws);
        return count;
    }

    static PersonState NewState(string ws, string userId, DateTimeOffset now) => new()
    {
        Id = Ids.NewVersion7(now),
        WorkspaceId = ws,
        UserId = userId,
        CreatedAt = now,
        UpdatedAt = now,
        IsNew = true,
    };

    /// <summary>
    /// The one write flow of a person, for create, update, upsert and batches alike: applies the input, checks the merged
    /// traits (a problem is added to <paramref name="errors"/> under <paramref name="prefix"/>; once there is any, nothing
    /// more is written and the caller throws, rolling the transaction back), saves, records person.created/updated and
    /// attaches the events of an anonymousId. When a new person's userId turns out to be taken (another writer inserted
    /// it after the lookup; the unique index decides), the input is merged onto that stored person instead.
    /// </summary>
    static async Task<Applied> ApplyAsync(IWriteSession writer, PersonState state, PersonInput input, string prefix,
        DateTimeOffset now, ValidationErrors errors, CancellationToken ct)
    {
        var created = state.IsNew;
        var changes = Merge(state, input, prefix, errors);
        if (!errors.IsEmpty) return new(state, created, false);
        return await SaveAsync(writer, state, input, prefix, now, created, changes, null, errors, ct);
    }

    /// <summary>Applies the input to the person and checks the merged traits (the rules only a merge can break).</summary>
    static List<FieldChange> Merge(PersonState state, PersonInput input, string prefix, ValidationErrors errors)
    {
        var changes = state.Apply(input);
        TraitRules.ValidateMerged(state.Traits, state.TraitsJson(), prefix + "traits", errors);
        return changes;
    }

    /// <summary>
    /// The rest of <see cref="ApplyAsync"/>, once the input is applied and checked: saves, records the event (built here
    /// unless <paramref name="prepared"/>, see <see cref="Prepare"/>) and attaches an anonymousId's events.
    /// </summary>
    static async Task<Applied> SaveAsync(IWriteSession writer, PersonState state, PersonInput input, string prefix,
        DateTimeOffset now, bool created, List<FieldChange> changes, PersonEvent? prepared, ValidationErrors errors, CancellationToken ct)
    {
        var changed = created || changes.Count > 0;
        if (changed)
        {
            state.UpdatedAt = now;
            if (!await writer.SaveAsync(state, ct))
            {
                var stored = await writer.LoadByUserIdsAsync(state.WorkspaceId, [state.UserId], ct);
                if (!stored.TryGetValue(state.UserId, out var theirs))
                    throw new ConflictException("userId", $"The person with userId '{state.UserId}' was changed by another writer; try again.");
                return await ApplyAsync(writer, theirs, input, prefix, now, errors, ct);
            }
            await writer.RecordEventAsync(state.WorkspaceId, prepared ?? ChangeEvent(state, created, changes, now), null, ct);
        }
        if (input.AnonymousId is not null) await writer.AttachAnonymousEventsAsync(state.WorkspaceId, input.AnonymousId, state.Id, ct);
        return new(state, created, changed);
    }

    /// <summary>The person as written, whether this write created them, and whether anything changed.</summary>
    readonly record struct Applied(PersonState State, bool Created, bool Changed);

    /// <summary>A userId's first item of a <see cref="PreparedBatch"/> applied to a blank new person, with its person.created event.</summary>
    internal sealed record NewDraft(PersonState State, PersonEvent Event);

    static PersonEvent ChangeEvent(PersonState state, bool created, List<FieldChange> changes, DateTimeOffset now) =>
        new(Ids.NewVersion7(now), state.Id, created ? SystemEvents.PersonCreated : SystemEvents.PersonUpdated,
            ChangeProperties.Build(changes), now);
}

/// <summary>A batch checked and partly merged ahead of its transaction (<see cref="PeopleService.Prepare"/>), written once.</summary>
public sealed class PreparedBatch
{
    internal PreparedBatch(string ws, IReadOnlyList<PersonInput> items, Func<int, string> prefix, DateTimeOffset now, PeopleService.NewDraft?[] drafts) =>
        (WorkspaceId, Items, Prefix, Now, Drafts) = (ws, items, prefix, now, drafts);

    public string WorkspaceId { get; }
    public IReadOnlyList<PersonInput> Items { get; }
    internal Func<int, string> Prefix { get; }
    internal DateTimeOffset Now { get; }
    internal PeopleService.NewDraft?[] Drafts { get; }
    internal int Used;
}
