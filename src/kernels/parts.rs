//! The batch split into one part per thread of the CPU pool, and each thread's reusable buffers.
//!
//! An operation hands its parts to the pool once (one wake-up per operation, not one per tile)
//! and each part runs to its end on one thread without calling the pool again: gemm runs
//! without threads of its own inside a part, and the thread's buffers can be borrowed for the
//! whole part.

use std::cell::RefCell;
use std::ops::Range;

/// How many parts an operation over `batch` images is split into.
fn part_count(batch: usize) -> usize {
    threads().min(batch).max(1)
}

#[cfg(any(not(target_family = "wasm"), feature = "threads"))]
fn threads() -> usize {
    rayon::current_num_threads()
}

#[cfg(all(target_family = "wasm", not(feature = "threads")))]
fn threads() -> usize {
    1
}

/// Runs `work` on every item, on the pool's threads where the build has a pool.
#[cfg(any(not(target_family = "wasm"), feature = "threads"))]
fn run_each<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    use rayon::prelude::*;
    if items.len() == 1 {
        return items.into_iter().map(work).collect();
    }
    items.into_par_iter().map(work).collect()
}

#[cfg(all(target_family = "wasm", not(feature = "threads")))]
fn run_each<T: Send, R: Send>(items: Vec<T>, work: impl Fn(T) -> R + Sync + Send) -> Vec<R> {
    items.into_iter().map(work).collect()
}

/// The images of each part: contiguous, in order, as equal as they can be.
fn image_ranges(batch: usize) -> Vec<Range<usize>> {
    let parts = part_count(batch);
    (0..parts)
        .map(|part| batch * part / parts..batch * (part + 1) / parts)
        .collect()
}

/// Fills `output` (`per_image` values for each of `batch` images) part by part: `work` gets a
/// part's images and their slice of `output`. Its results come back in part order (so that a sum
/// over them rounds the same way every time for a given number of threads).
pub fn fill_by_images<R: Send>(
    batch: usize,
    per_image: usize,
    output: &mut [f32],
    work: impl Fn(Range<usize>, &mut [f32]) -> R + Sync + Send,
) -> Vec<R> {
    let mut rest = output;
    let mut parts = Vec::new();
    for images in image_ranges(batch) {
        let (head, tail) = rest.split_at_mut(images.len() * per_image);
        parts.push((images, head));
        rest = tail;
    }
    run_each(parts, |(images, out)| work(images, out))
}

/// A thread's buffers, kept from one operation to the next: a training step asks for the same
/// sizes every time, so after the first step nothing is allocated here.
#[derive(Default)]
pub struct Workspace {
    columns: Vec<f32>,
    result: Vec<f32>,
}

impl Workspace {
    /// A buffer for `len` im2col values (their previous contents are left in place: every
    /// kernel writes all of it before reading).
    pub fn columns_and_result(
        &mut self,
        columns: usize,
        result: usize,
    ) -> (&mut [f32], &mut [f32]) {
        grow(&mut self.columns, columns);
        grow(&mut self.result, result);
        (&mut self.columns[..columns], &mut self.result[..result])
    }
}

fn grow(buffer: &mut Vec<f32>, len: usize) {
    if buffer.len() < len {
        buffer.resize(len, 0.0);
    }
}

thread_local! {
    static WORKSPACE: RefCell<Workspace> = RefCell::new(Workspace::default());
}

/// Runs `work` with this thread's workspace. Parts never call the pool, so no part can start
/// on this thread while another holds the workspace.
pub fn with_workspace<R>(work: impl FnOnce(&mut Workspace) -> R) -> R {
    WORKSPACE.with(|cell| work(&mut cell.borrow_mut()))
}
