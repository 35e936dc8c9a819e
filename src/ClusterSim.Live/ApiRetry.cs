using System.Net;
using k8s.Autorest;

namespace ClusterSim.Live;

/// <summary>
/// Retries API requests that fail with 409 Conflict, 429 Too Many Requests or a 5xx status,
/// after a delay that starts at <see cref="FirstDelay"/>, doubles, and is jittered by ±50 %.
/// </summary>
public static class ApiRetry
{
    /// <summary>Attempts in all, the first included.</summary>
    public const int MaxAttempts = 6;

    public static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(200);

    /// <summary>Returns true for the statuses a later attempt may not get again: 409, 429 and 5xx.</summary>
    public static bool IsTransient(HttpOperationException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var code = e.Response.StatusCode;
        return code is HttpStatusCode.Conflict or HttpStatusCode.TooManyRequests || (int)code >= 500;
    }

    /// <summary>
    /// Runs <paramref name="request"/> until it succeeds, fails with a status that
    /// <paramref name="retry"/> (by default <see cref="IsTransient"/>) rejects, or has been tried
    /// <see cref="MaxAttempts"/> times. <paramref name="onRetry"/> runs before each new attempt.
    /// </summary>
    public static async Task<T> RunAsync<T>(Func<Task<T>> request, TimeSpan? firstDelay, CancellationToken cancellationToken,
        Func<HttpOperationException, bool>? retry = null, Action? onRetry = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var delay = firstDelay ?? FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await request().ConfigureAwait(false);
            }
            catch (HttpOperationException e) when (attempt < MaxAttempts && (retry ?? IsTransient)(e))
            {
                onRetry?.Invoke();
                await Task.Delay(delay * (0.5 + Random.Shared.NextDouble()), cancellationToken).ConfigureAwait(false);
                delay *= 2;
            }
        }
    }
}
