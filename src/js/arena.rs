//! The `.wasm`'s allocator: a stack of blocks, each wiped when freed, popped from the top.
//!
//! The bindings keep almost nothing between calls (keys live in JavaScript, see `otp.rs`), so
//! blocks are freed in about the order opposite to their allocation: a freed block is zeroed
//! at once (secrets included, whatever dropped them), and every freed block at the top of the
//! stack is popped, so the next call starts where the last one started. The few blocks that
//! live on (wasm-bindgen's table of JavaScript values) stay where they are, and at most the
//! temporaries below one of them wait for it. About 300 bytes of code where talc took
//! 2.4 KB; `tests/node/hostile.test.mjs` checks memory stays flat across thousands of calls
//! of every export.
#![allow(unsafe_code)] // a global allocator is an unsafe trait

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::Cell;
use core::ptr;

const PAGE: usize = 65536;
/// Before each block: the stack's top before it, and the previous block's header with the
/// low bit set once this block is freed.
const HEADER: usize = 8;

pub struct Arena {
    /// The first free byte; 0 before the first allocation.
    top: Cell<usize>,
    /// The header of the topmost block; 0 when there is none.
    last: Cell<usize>,
}

// wasm32 without the atomics feature has one thread.
unsafe impl Sync for Arena {}

/// Grows memory so that `end` is inside it; traps when the engine refuses (out of memory).
fn reserve(end: Option<usize>) -> usize {
    let size = wasm32::memory_size(0) * PAGE;
    match end {
        Some(end) if end <= size => end,
        Some(end) if wasm32::memory_grow(0, (end - size).div_ceil(PAGE)) != usize::MAX => end,
        _ => wasm32::unreachable(),
    }
}

/// The two words of the header at `header`.
///
/// # Safety
/// `header` is the header of a block this arena handed out.
unsafe fn words(header: usize) -> (*mut usize, *mut usize) {
    (header as *mut usize, (header + 4) as *mut usize)
}

impl Arena {
    pub const fn new() -> Self {
        Arena {
            top: Cell::new(0),
            last: Cell::new(0),
        }
    }
}

unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if self.top.get() == 0 {
            // Memory past its initial size (data and stack) is unused.
            self.top.set(wasm32::memory_size(0) * PAGE);
        }
        let align = layout.align().max(4);
        // Alignments are powers of two, far below the address space.
        let start = (self.top.get() + HEADER + align - 1) & !(align - 1);
        let end = reserve(start.checked_add(layout.size()));
        // SAFETY: start - HEADER .. end was just reserved and is past every live block.
        unsafe {
            let (below, previous) = words(start - HEADER);
            *below = self.top.get();
            *previous = self.last.get();
            // The arena lies past the data and the stack, never at 0: saying so lets the
            // compiler drop the callers' null checks and the out-of-memory handler behind
            // them, which formats a message (1.2 KB of core::fmt).
            core::hint::assert_unchecked(start != 0);
        }
        self.last.set(start - HEADER);
        self.top.set(end);
        start as *mut u8
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: `block` is a live block of `layout` from this arena (GlobalAlloc's contract),
        // and every header on the chain from `last` is one this arena wrote.
        unsafe {
            ptr::write_bytes(block, 0, layout.size());
            *words(block as usize - HEADER).1 |= 1;
            loop {
                let last = self.last.get();
                let (below, previous) = words(last);
                if last == 0 || *previous & 1 == 0 {
                    break;
                }
                self.top.set(*below);
                self.last.set(*previous & !1);
            }
        }
    }

    /// The top block grows or shrinks where it is (wasm-bindgen sizes a string it passes in
    /// this way); any other is copied.
    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let start = block as usize;
        if start - HEADER == self.last.get() {
            let end = reserve(start.checked_add(new_size));
            if new_size < layout.size() {
                // SAFETY: the cut tail belonged to this block.
                unsafe { ptr::write_bytes(end as *mut u8, 0, layout.size() - new_size) };
            }
            self.top.set(end);
            return block;
        }
        // SAFETY: the caller's contract for realloc is the one for alloc and dealloc here.
        unsafe {
            let new = self.alloc(Layout::from_size_align_unchecked(new_size, layout.align()));
            ptr::copy_nonoverlapping(block, new, layout.size().min(new_size));
            self.dealloc(block, layout);
            new
        }
    }
}
