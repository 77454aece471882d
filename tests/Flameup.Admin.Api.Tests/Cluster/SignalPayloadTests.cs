using System.Text;
using Flameup.Admin.Core.Signals;
using Flameup.Admin.Storage.Postgres.Signals;

namespace Flameup.Admin.Api.Tests.Cluster;

public sealed class SignalPayloadTests
{
    [Fact]
    public void Notices_round_trip_and_a_big_batch_is_split_under_the_NOTIFY_limit()
    {
        var signals = Enumerable.Range(0, 400).Select(i => Signal.PeopleChanged($"ws_{i:D40}"))
            .Append(Signal.ApiKeyChanged("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b")).Append(Signal.EventsRecorded("ws_a")).ToList();

        var payloads = SignalPayload.Encode("h1", signals);

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.True(Encoding.UTF8.GetByteCount(p) <= SignalPayload.MaxBytes));
        var decoded = payloads.Select(SignalPayload.Decode).ToList();
        Assert.All(decoded, d => Assert.Equal("h1", d.HostId));
        Assert.Equal(signals, decoded.SelectMany(d => d.Signals));
    }

    [Fact]
    public void Resyncs_are_never_sent_and_unknown_parts_are_skipped()
    {
        Assert.Empty(SignalPayload.Encode("h1", [Signal.Resync]));
        var (host, signals) = SignalPayload.Decode("h2 x:future p:ws_a garbage k:");
        Assert.Equal("h2", host);
        Assert.Equal([Signal.PeopleChanged("ws_a")], signals);
    }
}
