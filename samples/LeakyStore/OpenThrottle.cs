using System;
using System.Threading;
using System.Threading.Tasks;

namespace LeakyStore
{
    /// <summary>
    /// Limits how many stores open at once. It never disposes its SemaphoreSlim, and LockLeak says so only as a
    /// suggestion (LCK006), not a warning: nothing reads the semaphore's AvailableWaitHandle, so it holds no OS
    /// handle and its Dispose would free nothing, while disposing it under a caller parked in WaitAsync would strand
    /// that caller forever. Dispose it after the last waiter, or leave it, as this type does.
    /// </summary>
    public sealed class OpenThrottle
    {
        private readonly SemaphoreSlim _gate = new SemaphoreSlim(4);

        public async Task<T> RunAsync<T>(Func<T> open)
        {
            await _gate.WaitAsync().ConfigureAwait(false);
            try
            {
                return open();
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
