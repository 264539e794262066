namespace LockLeak.Tests.FixOracle
{
    /// <summary>
    /// The C side of the run: a library the child process loads with LD_PRELOAD, so the counts come from the real
    /// calls, not from a managed re-implementation that shares the fix's assumptions:
    /// - malloc/calloc/realloc/posix_memalign/aligned_alloc/memalign/free are interposed for every caller (the runtime's
    ///   Marshal.AllocHGlobal and NativeMemory.Alloc end in them); blocks of the sizes the generated owners allocate
    ///   (one or two locks of <see cref="OwnerSourceWriter.LockBytes"/>) are remembered, and a block in which a lock is
    ///   initialized becomes a lock block whose frees are counted;
    /// - the fixed code's lock P/Invokes reach oracle_lock(), which calls the real pthread_mutex_/pthread_cond_ init
    ///   and destroy of libc (critical sections cannot run on Linux: only their bookkeeping is kept) and writes a
    ///   marker word past the 48 bytes glibc uses, so a destroy on null, after the free, twice or of a lock never
    ///   initialized, and a free of memory whose lock is still initialized, are recorded instead of crashing;
    /// - the runtime's own pthread calls are not interposed (the names differ), so they are never counted.
    /// </summary>
    public static class InterposerSource
    {
        public const string Text = """
            #define _GNU_SOURCE
            #include <stddef.h>
            #include <stdint.h>
            #include <string.h>
            #include <stdio.h>
            #include <errno.h>
            #include <pthread.h>
            #include <malloc.h>

            extern void *__libc_malloc(size_t);
            extern void *__libc_calloc(size_t, size_t);
            extern void *__libc_realloc(void *, size_t);
            extern void *__libc_memalign(size_t, size_t);
            extern void __libc_free(void *);

            #define LOCK_BYTES 64
            #define MARKER_OFFSET 56
            #define INITIALIZED 0x4E49454C4341524FLL
            #define DESTROYED 0x44454C4341524FLL
            #define SLOTS (1 << 18)
            #define FREED_SLOTS 512

            typedef struct { uintptr_t base; uint32_t size; uint32_t lock_block; } block_t;

            static block_t live[SLOTS];
            static block_t freed[FREED_SLOTS];
            static int freed_next;
            static volatile int spin;
            static long inits, destroys, lock_blocks, lock_block_frees;
            static char violations[4096];

            static void acquire(void) { while (__atomic_exchange_n(&spin, 1, __ATOMIC_ACQUIRE)) { } }
            static void release(void) { __atomic_store_n(&spin, 0, __ATOMIC_RELEASE); }

            static int tracked_size(size_t size) { return size == LOCK_BYTES || size == 2 * LOCK_BYTES; }

            static size_t slot_of(uintptr_t p) { return (size_t)((p >> 4) * 0x9E3779B97F4A7C15ULL >> 46) & (SLOTS - 1); }

            /* No printf here: it runs under the spin lock, and nothing under it may allocate. */
            static void violation(const char *what)
            {
                if (strstr(violations, what) != NULL) return;
                size_t used = strlen(violations), length = strlen(what);
                if (used + length + 3 >= sizeof violations) return;
                if (used > 0) { memcpy(violations + used, "; ", 2); used += 2; }
                memcpy(violations + used, what, length + 1);
            }

            static block_t *find(uintptr_t p)
            {
                for (size_t i = slot_of(p), n = 0; n < SLOTS; i = (i + 1) & (SLOTS - 1), n++)
                {
                    if (live[i].base == p) return &live[i];
                    if (live[i].base == 0) return NULL;
                }
                return NULL;
            }

            static void add(uintptr_t p, size_t size)
            {
                for (int i = 0; i < FREED_SLOTS; i++)
                {
                    if (freed[i].base != 0 && p < freed[i].base + freed[i].size && freed[i].base < p + size) freed[i].base = 0;
                }
                for (size_t i = slot_of(p), n = 0; n < SLOTS; i = (i + 1) & (SLOTS - 1), n++)
                {
                    if (live[i].base == 0 || live[i].base == p) { live[i].base = p; live[i].size = (uint32_t)size; live[i].lock_block = 0; return; }
                }
            }

            /* Removal by backward shift keeps every probe chain unbroken without tombstones. */
            static void remove_at(block_t *b)
            {
                size_t i = (size_t)(b - live);
                live[i].base = 0;
                for (size_t j = (i + 1) & (SLOTS - 1); live[j].base != 0; j = (j + 1) & (SLOTS - 1))
                {
                    size_t home = slot_of(live[j].base);
                    if (((j - home) & (SLOTS - 1)) >= ((j - i) & (SLOTS - 1)))
                    {
                        live[i] = live[j];
                        live[j].base = 0;
                        i = j;
                    }
                }
            }

            static void track(void *p, size_t size)
            {
                if (p == NULL) return;
                acquire();
                add((uintptr_t)p, size);
                release();
            }

            static block_t *block_holding(uintptr_t p)
            {
                for (uintptr_t k = 0; k < 2 && p >= k * LOCK_BYTES; k++)
                {
                    block_t *b = find(p - k * LOCK_BYTES);
                    if (b != NULL && b->size > k * LOCK_BYTES) return b;
                }
                return NULL;
            }

            static int in_freed(uintptr_t p)
            {
                for (int i = 0; i < FREED_SLOTS; i++)
                {
                    if (freed[i].base != 0 && p >= freed[i].base && p < freed[i].base + freed[i].size) return 1;
                }
                return 0;
            }

            void *malloc(size_t size) { void *p = __libc_malloc(size); if (tracked_size(size)) track(p, size); return p; }

            void *calloc(size_t n, size_t size) { void *p = __libc_calloc(n, size); if (size != 0 && n <= 2 * LOCK_BYTES && tracked_size(n * size)) track(p, n * size); return p; }

            void *memalign(size_t alignment, size_t size) { void *p = __libc_memalign(alignment, size); if (tracked_size(size)) track(p, size); return p; }

            void *aligned_alloc(size_t alignment, size_t size) { return memalign(alignment, size); }

            int posix_memalign(void **out, size_t alignment, size_t size)
            {
                void *p = memalign(alignment, size);
                if (p == NULL) return ENOMEM;
                *out = p;
                return 0;
            }

            /* Returns 1 when the real free may run. A second free of a lock block never gets here: the managed shim
               records it and does not pass it on, so an address met again here is memory malloc handed out anew. */
            static int on_free(void *p)
            {
                if (p == NULL || malloc_usable_size(p) > 4 * LOCK_BYTES) return 1;
                acquire();
                block_t *b = find((uintptr_t)p);
                if (b != NULL)
                {
                    if (b->lock_block)
                    {
                        for (uint32_t off = 0; off < b->size; off += LOCK_BYTES)
                        {
                            int64_t *marker = (int64_t *)((char *)p + off + MARKER_OFFSET);
                            if (*marker == INITIALIZED) violation("memory freed while the lock in it is still initialized (destroy missing or after the free)");

                            /* The next owner that gets this memory starts from a clean marker. */
                            *marker = 0;
                        }
                        lock_block_frees++;
                        freed[freed_next] = *b;
                        freed_next = (freed_next + 1) % FREED_SLOTS;
                    }
                    remove_at(b);
                }
                release();
                return 1;
            }

            void free(void *p) { if (on_free(p)) __libc_free(p); }

            void *realloc(void *old, size_t size)
            {
                if (old != NULL && !on_free(old)) return NULL;
                void *p = __libc_realloc(old, size);
                if (tracked_size(size)) track(p, size);
                return p;
            }

            /* kind: 0 pthread mutex, 1 pthread condition variable, 2 critical section (bookkeeping only). */
            int oracle_lock(int destroy, int kind, void *p)
            {
                int64_t *marker = (int64_t *)((char *)p + MARKER_OFFSET);
                acquire();
                if (p == NULL)
                {
                    violation(destroy ? "lock destroyed through a null pointer (SIGSEGV in real code)" : "lock initialized at a null pointer");
                    release();
                    return EINVAL;
                }
                if (in_freed((uintptr_t)p))
                {
                    violation(destroy ? "lock destroyed after its memory was freed (use after free)" : "lock initialized in freed memory");
                    release();
                    return EINVAL;
                }
                if (destroy && *marker != INITIALIZED)
                {
                    violation(*marker == DESTROYED ? "lock destroyed twice" : "lock destroyed but never initialized");
                    release();
                    return EINVAL;
                }
                if (!destroy && *marker == INITIALIZED) violation("lock initialized twice");
                block_t *b = block_holding((uintptr_t)p);
                if (!destroy && b != NULL && !b->lock_block) { b->lock_block = 1; lock_blocks++; }
                release();

                int result = 0;
                if (kind == 0) result = destroy ? pthread_mutex_destroy((pthread_mutex_t *)p) : pthread_mutex_init((pthread_mutex_t *)p, NULL);
                else if (kind == 1) result = destroy ? pthread_cond_destroy((pthread_cond_t *)p) : pthread_cond_init((pthread_cond_t *)p, NULL);

                acquire();
                *marker = destroy ? DESTROYED : INITIALIZED;
                if (destroy) destroys++; else inits++;
                release();
                return result;
            }

            void oracle_reset(void)
            {
                acquire();
                inits = destroys = lock_blocks = lock_block_frees = 0;
                violations[0] = 0;
                release();
            }

            /* The counts and the violations of the scenario, as one line. */
            void oracle_report(char *buffer, int length)
            {
                char copy[sizeof violations];
                acquire();
                long counts[4] = { inits, destroys, lock_blocks, lock_block_frees };
                memcpy(copy, violations, sizeof copy);
                release();
                snprintf(buffer, (size_t)length, "%ld %ld %ld %ld %s", counts[0], counts[1], counts[2], counts[3], copy);
            }
            """;
    }
}
