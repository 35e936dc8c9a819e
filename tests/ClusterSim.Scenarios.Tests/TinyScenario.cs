namespace ClusterSim.Scenarios.Tests;

/// <summary>
/// A small valid scenario that tests edit one line at a time. Error tests assert line numbers
/// in this text, so keep every line where it is. For orientation: 'name' is line 1, the pool's
/// 'cpu' line 10, the first 'nominal' line 18, the daily 'at' line 33 and the backfill 'to' line 45.
/// </summary>
internal static class TinyScenario
{
    public const string FileName = "tiny.yaml";

    public const string Text = """
        name: tiny
        start: 2026-01-05
        horizon: 2d
        cluster:
          nodePools:
            - name: a100
              count: 2
              gpuModel: A100
              gpus: 8
              cpu: 96
              memory: 1Ti
        queues:
          clusterQueues:
            - name: production
              cohort: training
              quotas:
                - flavor: A100
                  nominal: 12
            - name: research
              cohort: training
              quotas:
                - flavor: A100
                  nominal: 4
          localQueues:
            - namespace: prod
              clusterQueue: production
            - namespace: research
              clusterQueue: research
        workloads:
          daily:
            - pipeline: ranker
              namespace: prod
              at: "01:00"
              deadline: "06:00"
              duration: 3h
              workers: 2
              worker: {gpus: 4, cpu: 32, memory: 256Gi}
              artifact: "s3://models/{pipeline}/{partition}"
          backfills:
            - name: rerun
              pipeline: ranker
              namespace: research
              submitAt: 2h
              from: 2025-12-01
              to: 2025-12-03
              duration: 1h
              worker: {gpus: 4, cpu: 32, memory: 256Gi}
          generators:
            - name: adhoc
              namespace: research
              ratePerHour: 0.5
              medianDuration: 1h
              worker: {gpus: 1, cpu: 8, memory: 64Gi}

        """;

    /// <summary>Returns the scenario text with the one occurrence of <paramref name="oldText"/> replaced.</summary>
    public static string With(string oldText, string newText) => Replace(Text, oldText, newText);

    /// <summary>Replaces the one occurrence of <paramref name="oldText"/>, so an edit cannot hit the wrong line unnoticed.</summary>
    public static string Replace(string text, string oldText, string newText)
    {
        var first = text.IndexOf(oldText, StringComparison.Ordinal);
        if (first < 0 || text.IndexOf(oldText, first + 1, StringComparison.Ordinal) >= 0)
        {
            throw new ArgumentException($"'{oldText}' must occur exactly once in the scenario text.", nameof(oldText));
        }

        return string.Concat(text.AsSpan(0, first), newText, text.AsSpan(first + oldText.Length));
    }

    public static Scenario Load(string text) => ScenarioLoader.Load(FileName, text);

    /// <summary>Loads <paramref name="text"/>, which must be invalid, and returns every error it reports.</summary>
    public static IReadOnlyList<ScenarioError> Errors(string text) =>
        Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(FileName, text)).Errors;
}
