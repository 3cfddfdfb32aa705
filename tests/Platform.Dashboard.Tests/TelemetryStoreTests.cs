using Google.Protobuf;
using Platform.Hosting;
using Platform.Hosting.Dashboard;
using Platform.Hosting.Telemetry;
using Platform.Hosting.Telemetry.Otlp;
using static Platform.Dashboard.Tests.OtlpExports;

namespace Platform.Dashboard.Tests;

/// <summary>The span store, the journals and the masking, without servers.</summary>
public sealed class TelemetryStoreTests
{
    [Fact]
    public void The_trace_store_drops_the_oldest_spans_counts_them_and_forgets_emptied_traces()
    {
        var store = new TraceStore(capacity: 3);
        store.Add(Spans("aa", 2));
        store.Add(Spans("bb", 2));

        Assert.Equal(1, store.Dropped);
        Assert.Single(store.GetTrace(Id("aa")));
        store.Add(Spans("cc", 2));
        Assert.Empty(store.GetTrace(Id("aa")));
        Assert.Equal([Id("cc"), Id("bb")], store.Summaries().Select(t => t.TraceId).ToArray());
    }

    [Fact]
    public void Structured_logs_are_newest_first_by_their_time_whichever_services_batch_arrived_first()
    {
        // Each service exports its records in batches (every second in Development, five elsewhere).
        var store = new LogStore();
        store.Add(Batch("partner", T0.AddSeconds(3), T0.AddSeconds(5)));
        store.Add(Batch("experience", T0.AddSeconds(1), T0.AddSeconds(4)));

        var newest = store.Query(new LogQuery(Limit: 3));

        Assert.Equal([T0.AddSeconds(5), T0.AddSeconds(4), T0.AddSeconds(3)], newest.Select(e => e.Timestamp).ToArray());
    }

    [Fact]
    public void A_log_message_shows_the_array_and_map_values_its_template_names()
    {
        var ids = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue { IntValue = 2 } } } };
        var order = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "id", Value = new AnyValue { IntValue = 7 } }, Text("state", "open") } } };
        var store = new LogStore();

        store.Add(Log("Ids {Ids} of {Order}", new KeyValue { Key = "Ids", Value = ids }, new KeyValue { Key = "Order", Value = order }));

        var entry = Assert.Single(store.Query(new LogQuery()));
        Assert.Equal("Ids [1, 2] of {id=7, state=open}", entry.Message);
        Assert.Equal("[1, 2]", entry.Attributes["Ids"]);
    }

    [Fact]
    public void Unique_long_attribute_names_do_not_grow_the_shared_name_pool_past_its_bound()
    {
        // Names may be 16,384 characters after the per-record cut: 20,000 such kept for the life of the process would pin 640 MB.
        var name = new string('n', 4_000).ToCharArray();
        for (var i = 0; i < 25_000; i++)
        {
            i.TryFormat(name, out _, "D8", System.Globalization.CultureInfo.InvariantCulture);
            OtlpValues.Attributes([Text(new string(name), "value")]);
        }

        Assert.InRange(TelemetryStrings.PooledCharacters, 0, TelemetryStrings.MaxPooledCharacters);
    }

    [Fact]
    public void The_journal_replays_what_it_kept_and_stays_within_its_bound()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var body = new byte[10_000];
            using (var journal = new TelemetryJournal(folder, maxBytes: 1024 * 1024))
            {
                for (var i = 0; i < 500; i++)
                {
                    body[0] = (byte)i;
                    journal.Append(TelemetrySignal.Logs, body);
                }

                journal.Flush();
                Assert.InRange(journal.SizeBytes, 500_000, 1024 * 1024);
            }

            var replayed = new List<byte>();
            using (var reopened = new TelemetryJournal(folder, maxBytes: 1024 * 1024))
            {
                reopened.Replay((signal, b) => replayed.Add(b[0]));
            }

            Assert.Equal((byte)(499 % 256), replayed[^1]);
            Assert.InRange(replayed.Count, 50, 105);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_journal_never_holds_more_than_its_bound_whatever_the_size_of_its_records()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            // 1 MB in segments of 128 KB; records of 112 KB fill a segment past its size with their second.
            const long bound = 1024 * 1024;
            var sizes = new List<long>();
            using (var journal = new TelemetryJournal(folder, bound))
            {
                foreach (var length in Enumerable.Repeat(114_683, 40).Concat([400_000, 1_000, 400_000]))
                {
                    journal.Append(TelemetrySignal.Traces, new byte[length]);
                    journal.Flush();
                    sizes.Add(journal.SizeBytes);
                }
            }

            Assert.InRange(sizes.Max(), 800_000, bound);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_journal_bound_below_one_segments_size_is_kept_too()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A bound set in code (the command line takes whole megabytes) below the 64 KB a segment is at least
            // otherwise: segments of half the bound, so it keeps between half the bound and the bound.
            const long bound = 20_000;
            using var journal = new TelemetryJournal(folder, bound);
            for (var i = 0; i < 50; i++)
            {
                journal.Append(TelemetrySignal.Logs, new byte[500]);
            }

            journal.Flush();
            Assert.InRange(journal.SizeBytes, 10_000, bound);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void An_export_larger_than_the_journal_bound_is_not_journaled_and_the_older_records_stay()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            // --telemetry-disk-mb 1, then one export of 2 MB (the receiver takes up to 16 MB).
            const long bound = 1024 * 1024;
            using (var journal = new TelemetryJournal(folder, bound))
            {
                for (var i = 0; i < 5; i++)
                {
                    journal.Append(TelemetrySignal.Logs, [(byte)i, .. new byte[100_000]]);
                }

                journal.Append(TelemetrySignal.Traces, new byte[2 * 1024 * 1024]);
                journal.Flush();

                Assert.InRange(journal.SizeBytes, 0, bound);
                Assert.Equal(1, journal.TooLarge);
            }

            var replayed = new List<byte>();
            using (var reopened = new TelemetryJournal(folder, bound))
            {
                reopened.Replay((_, body) => replayed.Add(body[0]));
            }

            Assert.Equal([0, 1, 2, 3, 4], replayed);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_journal_that_cannot_write_counts_the_exports_says_so_once_and_writes_again_once_it_can()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var warnings = new StringWriter();
            using (var journal = new TelemetryJournal(folder, maxBytes: 1024 * 1024, warnings))
            {
                // The folder replaced by a file: nothing can be created in it (a read-only folder would not do: root ignores permissions).
                Directory.Delete(folder);
                File.WriteAllText(folder, "not a folder");
                for (var i = 0; i < 3; i++)
                {
                    journal.Append(TelemetrySignal.Logs, [(byte)i]);
                }

                Assert.Equal(3, journal.Unwritten);
                Assert.Single(warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));

                File.Delete(folder);
                journal.Append(TelemetrySignal.Logs, [7]);
                journal.Flush();
                Assert.Equal(3, journal.Unwritten);
            }

            var replayed = new List<byte>();
            using (var reopened = new TelemetryJournal(folder, maxBytes: 1024 * 1024))
            {
                reopened.Replay((_, body) => replayed.Add(body[0]));
            }

            Assert.Equal([7], replayed);
        }
        finally
        {
            if (File.Exists(folder))
            {
                File.Delete(folder);
            }
            else if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void Records_written_to_a_segment_deleted_meanwhile_are_counted_as_lost_and_the_next_goes_to_a_new_one()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var warnings = new StringWriter();
            using (var journal = new TelemetryJournal(folder, maxBytes: 1024 * 1024, warnings))
            {
                journal.Append(TelemetrySignal.Logs, [1]);
                journal.Flush();

                // Deleted while open, the segment still takes writes: they would go nowhere, unnoticed.
                Directory.Delete(folder, recursive: true);
                journal.Append(TelemetrySignal.Logs, [2]);
                journal.Flush();

                Assert.Equal(2, journal.Unwritten);
                Assert.Single(warnings.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));

                journal.Append(TelemetrySignal.Logs, [3]);
            }

            var replayed = new List<byte>();
            using (var reopened = new TelemetryJournal(folder, maxBytes: 1024 * 1024))
            {
                reopened.Replay((_, body) => replayed.Add(body[0]));
            }

            Assert.Equal([3], replayed);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void The_metrics_of_every_replica_are_journaled_and_shown_after_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());
            first.Persist(folder, new TelemetryLimits());
            first.Accept(TelemetrySignal.Metrics, Export(Sum(T0, start: 1, value: 10), instance: "svc-a").ToByteArray());
            first.Accept(TelemetrySignal.Metrics, Export(Sum(T0, start: 1, value: 20), instance: "svc-b").ToByteArray());
            first.Close();

            var second = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());
            second.Persist(folder, new TelemetryLimits());
            second.Close();

            Assert.Equal(2, Assert.Single(second.Metrics.Instruments("svc")).Instances);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_journal_record_that_cannot_be_filed_is_skipped_and_counted_and_the_rest_is_replayed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var journal = new TelemetryJournal(Path.Combine(folder, "spans-and-logs"), maxBytes: 1024 * 1024))
            {
                journal.Append(TelemetrySignal.Logs, NamelessLogs("nameless").ToByteArray());
                journal.Append(TelemetrySignal.Logs, "not protobuf"u8.ToArray());
                journal.Append(TelemetrySignal.Traces, Spans("aa", 1).ToByteArray());
            }

            var ingest = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());
            ingest.Persist(folder, new TelemetryLimits());
            ingest.Close();

            Assert.Equal("unknown", Assert.Single(ingest.Logs.Query(new LogQuery())).Service);
            Assert.Single(ingest.Traces.GetTrace(Id("aa")));
            Assert.Equal(1, ingest.SkippedJournalRecords);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_zeroed_tail_left_by_a_crash_ends_its_segments_replay_without_counting_as_records()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        var journalFolder = Path.Combine(folder, "spans-and-logs");
        try
        {
            using (var journal = new TelemetryJournal(journalFolder, maxBytes: 1024 * 1024))
            {
                journal.Append(TelemetrySignal.Logs, NamelessLogs("before the crash").ToByteArray());
            }

            // A power loss can leave a file's last blocks allocated but never written: zeros.
            using (var segment = new FileStream(Directory.GetFiles(journalFolder).Single(), FileMode.Append))
            {
                segment.Write(new byte[4096]);
            }

            using (var restarted = new TelemetryJournal(journalFolder, maxBytes: 1024 * 1024))
            {
                restarted.Append(TelemetrySignal.Traces, Spans("aa", 1).ToByteArray());
            }

            var ingest = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());
            ingest.Persist(folder, new TelemetryLimits());
            ingest.Close();

            Assert.Equal("before the crash", Assert.Single(ingest.Logs.Query(new LogQuery())).Message);
            Assert.Single(ingest.Traces.GetTrace(Id("aa")));
            Assert.Equal(0, ingest.SkippedJournalRecords);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_log_record_past_the_limits_is_journaled_cut_and_replayed_cut_after_a_restart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var export = Log(new string('y', 1024 * 1024), [.. Enumerable.Range(0, 200).Select(i => Text($"a{i}", new string('z', 1000)))]);
            var first = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());
            first.Persist(folder, new TelemetryLimits());
            first.Accept(TelemetrySignal.Logs, export.ToByteArray());
            first.Close();

            var second = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());
            second.Persist(folder, new TelemetryLimits());
            second.Close();

            // The journal holds the cut form: 16 KB of body and 128 attributes of 1,000 characters, not 1.2 MB.
            Assert.InRange(Directory.EnumerateFiles(folder, "*.otlp", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length), 100_000, 200_000);
            var entry = Assert.Single(second.Logs.Query(new LogQuery()));
            Assert.Equal(new string('y', 16_354) + " … (1,032,222 more characters)", entry.Message);
            Assert.Equal(128, entry.Attributes.Count);
            Assert.Equal("a127", entry.Attributes.Keys.Last());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_metric_attribute_value_past_the_length_limit_is_kept_cut_and_journaled_cut()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var gauge = Gauge("queue", T0, 3);
            gauge.Gauge.DataPoints[0].Attributes.Add(Text("error", new string('e', 1024 * 1024)));
            var ingest = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());
            ingest.Persist(folder, new TelemetryLimits());

            ingest.Accept(TelemetrySignal.Metrics, Export(gauge).ToByteArray());
            ingest.Close();

            Assert.Equal(new string('e', 16_354) + " … (1,032,222 more characters)", Assert.Single(ingest.Metrics.Attributes("svc", "queue")!.Values["error"]));
            Assert.InRange(Directory.EnumerateFiles(folder, "*.otlp", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length), 16_384, 20_000);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_resource_of_more_attributes_than_the_limit_keeps_its_service_name_and_instance()
    {
        var export = Log("hello");
        var resource = export.ResourceLogs[0].Resource;
        resource.Attributes.Clear();
        resource.Attributes.Add(Enumerable.Range(0, 200).Select(i => Text($"host.label.{i}", "x")));
        resource.Attributes.Add([Text("service.name", "partner"), Text("service.instance.id", "partner-1")]);
        var ingest = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());

        ingest.Accept(TelemetrySignal.Logs, export.ToByteArray());

        var entry = Assert.Single(ingest.Logs.Query(new LogQuery()));
        Assert.Equal(("partner", "partner-1"), (entry.Service, entry.InstanceId));
    }

    [Fact]
    public void A_journal_record_damaged_in_its_body_is_skipped_and_counted_not_replayed_as_it_reads()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var segment = JournalOf(folder, "first record", "second record", "third record");

            // One flipped bit in a text: the export still parses, its text is wrong.
            var bytes = File.ReadAllBytes(segment);
            bytes[bytes.AsSpan().IndexOf("second"u8)] ^= 0x01;
            File.WriteAllBytes(segment, bytes);

            var ingest = Replayed(folder);

            Assert.Equal(["third record", "first record"], ingest.Logs.Query(new LogQuery()).Select(e => e.Message).ToArray());
            Assert.Equal(1, ingest.SkippedJournalRecords);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_journal_record_damaged_in_its_length_loses_only_itself_and_the_rest_of_its_segment_is_replayed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            var segment = JournalOf(folder, "first record", "second record", "third record");

            // The first record's length (the four bytes after its signal) told as 4,096 bytes more than it is.
            var bytes = File.ReadAllBytes(segment);
            bytes[2] ^= 0x10;
            File.WriteAllBytes(segment, bytes);

            var ingest = Replayed(folder);

            Assert.Equal(["third record", "second record"], ingest.Logs.Query(new LogQuery()).Select(e => e.Message).ToArray());
            Assert.Equal(1, ingest.SkippedJournalRecords);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_journal_an_older_build_wrote_without_checksums_is_replayed()
    {
        var folder = Path.Combine(Path.GetTempPath(), "journal-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The older format: signal, length, body.
            var journal = Directory.CreateDirectory(Path.Combine(folder, "spans-and-logs")).FullName;
            using (var segment = File.Create(Path.Combine(journal, "00000001.otlp")))
            {
                foreach (var text in new[] { "older one", "older two" })
                {
                    var body = Log(text).ToByteArray();
                    segment.WriteByte((byte)TelemetrySignal.Logs);
                    segment.Write(BitConverter.GetBytes(body.Length));
                    segment.Write(body);
                }
            }

            var ingest = Replayed(folder);

            Assert.Equal(["older two", "older one"], ingest.Logs.Query(new LogQuery()).Select(e => e.Message).ToArray());
            Assert.Equal(0, ingest.SkippedJournalRecords);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Secrets_are_masked_by_name_and_inside_connection_strings()
    {
        Assert.Equal(EnvironmentMask.Mask, EnvironmentMask.MaskValue("Platform__ServiceToken", "eyJ..."));
        Assert.Equal(EnvironmentMask.Mask, EnvironmentMask.MaskValue("Authentication__Schemes__Bearer__SigningKeys__0__Value", "abc"));
        Assert.Equal("platform-apphost", EnvironmentMask.MaskValue("Authentication__Schemes__Bearer__SigningKeys__0__Issuer", "platform-apphost"));
        Assert.Equal("amqp://guest:••••••@127.0.0.1:5672", EnvironmentMask.MaskValue("ConnectionStrings__rabbitmq", "amqp://guest:s3cret@127.0.0.1:5672"));
        Assert.Equal("127.0.0.1:6379,password=••••••", EnvironmentMask.MaskValue("ConnectionStrings__redis", "127.0.0.1:6379,password=s3cret"));
    }

    [Theory]
    [InlineData("ConnectionStrings__cache", "redis://:s3cret@127.0.0.1:6379/0")]
    [InlineData("ConnectionStrings__db", "Host=h;Username=u;Password=\"s3;cret\";Database=d")]
    [InlineData("ConnectionStrings__db", "Server=h;User Id=u;PASSWORD='s3,cret'")]
    [InlineData("ConnectionStrings__db", "Server=h;Uid=u;Pwd=s3cret")]
    [InlineData("ConnectionStrings__blobs", "DefaultEndpointsProtocol=https;AccountName=dev;AccountKey=s3cret==;EndpointSuffix=core.windows.net")]
    [InlineData("ConnectionStrings__bus", "Endpoint=sb://bus.example/;SharedAccessKeyName=Root;SharedAccessKey=s3cret")]
    [InlineData("services__api__https__0", "https://api.example/v1?region=eu&api_key=s3cret")]
    [InlineData("Feeds__News__Url", "https://feeds.example/news?access_token=s3cret")]
    [InlineData("AUTHENTICATION__SCHEMES__BEARER__SIGNINGKEYS__0__VALUE", "s3cret")]
    [InlineData("authentication__schemes__bearer__signingkeys__0__value", "s3cret")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "authorization=Bearer s3cret")]
    [InlineData("otel_exporter_otlp_headers", "x-otlp-api-key=s3cret")]
    [InlineData("RABBITMQ_DEFAULT_PASS", "s3cret")]
    [InlineData("MYSQL_PWD", "s3cret")]
    public void A_secret_is_masked_whatever_shape_its_variable_or_connection_string_takes(string name, string value)
    {
        var shown = EnvironmentMask.MaskValue(name, value);

        Assert.DoesNotContain("s3", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("cret", shown, StringComparison.Ordinal);
        Assert.Contains(EnvironmentMask.Mask, shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Masking_keeps_what_is_not_secret_around_a_secret()
    {
        Assert.Equal(
            "Endpoint=sb://bus.example/;SharedAccessKeyName=Root;SharedAccessKey=••••••",
            EnvironmentMask.MaskValue("ConnectionStrings__bus", "Endpoint=sb://bus.example/;SharedAccessKeyName=Root;SharedAccessKey=s3cret"));
        Assert.Equal("Host=h;Password=••••••;Database=d", EnvironmentMask.MaskValue("ConnectionStrings__db", "Host=h;Password=\"s3;cret\";Database=d"));
        Assert.Equal("redis://:••••••@127.0.0.1:6379/0", EnvironmentMask.MaskValue("ConnectionStrings__cache", "redis://:s3cret@127.0.0.1:6379/0"));
        Assert.Equal("http://localhost:5080", EnvironmentMask.MaskValue("services__partner__http__0", "http://localhost:5080"));
        Assert.Equal("service.instance.id=partner-1", EnvironmentMask.MaskValue("OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=partner-1"));
    }

    private static ExportLogsServiceRequest Batch(string service, params DateTimeOffset[] times) => new()
    {
        ResourceLogs =
        {
            new Platform.Hosting.Telemetry.Otlp.ResourceLogs
            {
                Resource = Service(service),
                ScopeLogs = { new ScopeLogs { LogRecords = { times.Select(t => new LogRecord { TimeUnixNano = Nanos(t), Body = new AnyValue { StringValue = service } }) } } },
            },
        },
    };

    /// <summary>One segment of log records of these texts, a second apart, as the receiver journals them.</summary>
    private static string JournalOf(string folder, params string[] texts)
    {
        var ingest = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());
        ingest.Persist(folder, new TelemetryLimits());
        for (var i = 0; i < texts.Length; i++)
        {
            var export = Log(texts[i]);
            export.ResourceLogs[0].ScopeLogs[0].LogRecords[0].TimeUnixNano = Nanos(T0.AddSeconds(i));
            ingest.Accept(TelemetrySignal.Logs, export.ToByteArray());
        }

        ingest.Close();
        return Directory.GetFiles(Path.Combine(folder, "spans-and-logs")).Single();
    }

    private static TelemetryIngest Replayed(string folder)
    {
        var ingest = new TelemetryIngest(new TraceStore(), new LogStore(), new MetricStore());
        ingest.Persist(folder, new TelemetryLimits());
        ingest.Close();
        return ingest;
    }

    private static string Id(string prefix) => prefix.PadRight(32, '0');

    private static ExportTraceServiceRequest Spans(string trace, int count)
    {
        var scope = new ScopeSpans();
        for (var i = 0; i < count; i++)
        {
            scope.Spans.Add(new Span
            {
                TraceId = ByteString.CopyFrom(Convert.FromHexString(Id(trace))),
                SpanId = ByteString.CopyFrom(BitConverter.GetBytes((long)i + 1)),
                Name = "op",
                StartTimeUnixNano = (ulong)(T0.ToUnixTimeMilliseconds() + (trace[0] * 1000)) * 1_000_000,
                EndTimeUnixNano = (ulong)(T0.ToUnixTimeMilliseconds() + (trace[0] * 1000) + 5) * 1_000_000,
            });
        }

        return new ExportTraceServiceRequest { ResourceSpans = { new ResourceSpans { Resource = Service("svc"), ScopeSpans = { scope } } } };
    }
}
