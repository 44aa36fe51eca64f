//! Two threads on one image: while a chain of one-image operations runs (the drawing panel's
//! refinement steps, the layers of one decoded point), a thread of the pool spins, ready,
//! instead of sleeping, so that each large layer can be shared between the two without a
//! wake-up per layer.
//!
//! A layer at batch 1 takes ~0.1–0.4 ms in the browser, and waking a pool thread for it
//! (`Atomics.notify` to a sleeping worker) costs a good part of that: splitting one image among
//! the pool's threads measured slower (docs/measurements.md). A helper that is already running
//! takes its share within a microsecond. It is woken once for the whole chain, and spins only
//! while the chain runs.
//!
//! The calling thread (in the pool or not) leads: it publishes each shared operation as `count`
//! chunks, claims chunks itself, and waits for the helper's. A chunk is claimed by one
//! compare-and-swap on a word holding the operation's number, its chunk count and the next
//! chunk, so a helper can never claim a chunk of an operation that has finished. Where there is
//! no pool (the browser's one-thread build), no second thread, or another team already running,
//! everything runs on the calling thread, in the same order.

use std::sync::Mutex;

#[cfg(any(not(target_family = "wasm"), feature = "threads"))]
mod pooled {
    use std::cell::Cell;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};

    /// The operation being shared: its chunks' work, with its lifetime erased. Valid from its
    /// publication until its last chunk is done (the leader waits for that before returning).
    #[derive(Clone, Copy)]
    struct Job(*const (dyn Fn(usize) + Sync));

    // SAFETY: the pointee is `Sync`, and the leader keeps it alive while any chunk may run.
    unsafe impl Send for Job {}

    struct Team {
        /// A thread leads a team (one at a time in the process).
        led: AtomicBool,
        /// The chain has ended: the helper returns.
        stop: AtomicBool,
        /// The number of the latest team, so that a late helper knows its chain has ended.
        generation: AtomicU64,
        /// `operation << 32 | count << 16 | next chunk`.
        claim: AtomicU64,
        /// Chunks of the current operation done.
        done: AtomicUsize,
        job: Mutex<Option<Job>>,
    }

    static TEAM: Team = Team {
        led: AtomicBool::new(false),
        stop: AtomicBool::new(false),
        generation: AtomicU64::new(0),
        claim: AtomicU64::new(0),
        done: AtomicUsize::new(0),
        job: Mutex::new(None),
    };

    thread_local! {
        static LEADING: Cell<bool> = const { Cell::new(false) };
    }

    const CHUNK_BITS: u32 = 16;
    const CHUNK_MASK: u64 = (1 << CHUNK_BITS) - 1;

    pub fn with_helper<R>(work: impl FnOnce() -> R) -> R {
        if rayon::current_num_threads() < 2 || TEAM.led.swap(true, Ordering::AcqRel) {
            return work();
        }
        let team = TEAM.generation.fetch_add(1, Ordering::AcqRel) + 1;
        TEAM.stop.store(false, Ordering::Release);
        LEADING.with(|leading| leading.set(true));
        let _leader = Leader;
        let _stop = Stop;
        // The helper is a job for the pool (this thread may be outside it: a decode runs on the
        // caller's thread). It may start late, or after the chain has ended, when it returns at
        // once; the chain never waits for it, so a helper that never comes costs nothing.
        rayon::spawn(move || help(team));
        work()
    }

    /// Tells the helper to stop when the chain ends, also by a panic.
    struct Stop;

    impl Drop for Stop {
        fn drop(&mut self) {
            TEAM.stop.store(true, Ordering::Release);
        }
    }

    /// Gives the team up when its leader's chain ends, also by a panic.
    struct Leader;

    impl Drop for Leader {
        fn drop(&mut self) {
            LEADING.with(|leading| leading.set(false));
            TEAM.led.store(false, Ordering::Release);
        }
    }

    /// Counts a chunk done when it ends, also by a panic: the leader waits for every chunk (a
    /// panic in the helper then goes to the pool's panic handler).
    struct Done;

    impl Drop for Done {
        fn drop(&mut self) {
            TEAM.done.fetch_add(1, Ordering::AcqRel);
        }
    }

    pub fn leading() -> bool {
        // The shared flag first: outside a team (nearly always) no thread-local is read.
        TEAM.led.load(Ordering::Relaxed) && LEADING.with(Cell::get)
    }

    /// The helper of team number `team`: claims chunks as they are published until its chain
    /// ends (a helper that starts after that, even during a later team, returns at once).
    fn help(team: u64) {
        while TEAM.generation.load(Ordering::Acquire) == team && !TEAM.stop.load(Ordering::Acquire)
        {
            if !run_claimed() {
                std::hint::spin_loop();
            }
        }
    }

    /// Claims one chunk of the published operation and runs it; false when none is left.
    fn run_claimed() -> bool {
        let claim = TEAM.claim.load(Ordering::Acquire);
        let (count, next) = ((claim >> CHUNK_BITS) & CHUNK_MASK, claim & CHUNK_MASK);
        if next >= count {
            return false;
        }
        let claimed = TEAM
            .claim
            .compare_exchange(claim, claim + 1, Ordering::AcqRel, Ordering::Acquire)
            .is_ok();
        if claimed {
            // The operation cannot finish before this chunk is done, so its job is the one
            // published with this claim word.
            let _done = Done;
            let job = lock_job().expect("a claimed chunk's operation is published");
            // SAFETY: the leader keeps the job alive until every chunk is done (`share`).
            unsafe { (*job.0)(next as usize) };
        }
        true
    }

    fn lock_job() -> Option<Job> {
        *TEAM
            .job
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn set_job(job: Option<Job>) {
        *TEAM
            .job
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = job;
    }

    pub fn share(count: usize, work: &(dyn Fn(usize) + Sync)) {
        if !leading() || count < 2 || count as u64 > CHUNK_MASK {
            (0..count).for_each(work);
            return;
        }
        // SAFETY: only the lifetime is erased; the job is withdrawn below, after its last chunk
        // is done, before `work` can go out of scope.
        let job: *const (dyn Fn(usize) + Sync) = unsafe { std::mem::transmute(work) };
        set_job(Some(Job(job)));
        TEAM.done.store(0, Ordering::Release);
        let operation = (TEAM.claim.load(Ordering::Acquire) >> 32).wrapping_add(1);
        TEAM.claim.store(
            operation << 32 | (count as u64) << CHUNK_BITS,
            Ordering::Release,
        );
        while run_claimed() {}
        while TEAM.done.load(Ordering::Acquire) < count {
            std::hint::spin_loop();
        }
        set_job(None);
    }
}

#[cfg(all(target_family = "wasm", not(feature = "threads")))]
mod pooled {
    pub fn with_helper<R>(work: impl FnOnce() -> R) -> R {
        work()
    }

    pub fn leading() -> bool {
        false
    }

    pub fn share(count: usize, work: &(dyn Fn(usize) + Sync)) {
        (0..count).for_each(work);
    }
}

/// Runs `work` (a chain of one-image operations) with a thread of the pool spinning beside it,
/// ready to take half of each operation that [`share_each`]s.
pub use pooled::with_helper;

/// Whether this thread leads a team: its one-image operations are worth sharing.
pub use pooled::leading;

/// Runs `work` on every item: shared with the helper where this thread leads a team, in order
/// on this thread otherwise. Returns when every item is done.
pub fn share_each<T: Send>(items: Vec<T>, work: impl Fn(T) + Sync) {
    let slots: Vec<Mutex<Option<T>>> = items.into_iter().map(|i| Mutex::new(Some(i))).collect();
    pooled::share(slots.len(), &|k| {
        // Each chunk is claimed once, so each slot is taken once and its lock never contended.
        let item = slots[k]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some(item) = item {
            work(item);
        }
    });
}
