// Budgets — every limit qplab enforces on input that can come from anywhere (digit files,
// checkpoints, .tflite files, options), stated once. Each is checked before the memory or work
// it bounds is spent, and each refusal names the limit. The lab CNN's own figures are given
// beside each, so the margin is visible; README "Reliability" explains the choices.
#pragma once

#include <cstddef>
#include <cstdint>

namespace qplab::budget {

// ---- files, checked before reading (a pipe or a growing file is stopped at the cap) ---------

// A .tflite file or a float checkpoint; the lab's own files are far smaller (README, Reliability).
constexpr std::uint64_t kMaxModelFileBytes = std::uint64_t{64} << 20;

// An IDX file, gzip or raw, and what a gzip stream may inflate to. The 60,000 Fashion-MNIST
// training images are 47 MB raw; a few-kilobyte "decompression bomb" stops here.
constexpr std::uint64_t kMaxIdxFileBytes = std::uint64_t{512} << 20;
constexpr std::size_t kMaxInflatedBytes = std::size_t{512} << 20;

// What the .tflite reader may copy out of a file (buffers, shapes, quantization vectors, one
// record per tensor and operator): kReaderCopyFactor times the file's size plus a small
// allowance. A file whose vectors of offsets point at the same table many times would make
// the reader copy that table each time; this refuses it before the copies add up. The lab's
// files copy about their own size.
constexpr std::uint64_t kReaderCopyFactor = 2;
constexpr std::uint64_t kReaderCopyAllowance = std::uint64_t{64} << 10;

// One tensor of a .tflite model, checked when it is read, written or loaded to run
// (core/format/tflite_checks.h), so that a hostile file cannot make the runtime allocate
// gigabytes for an activation: its rank, and its size in bytes at batch 1. Every tensor of the
// lab CNN has rank 4 or less and fewer than 100,000 bytes.
constexpr std::size_t kMaxRank = 8;
constexpr std::uint64_t kMaxTensorBytes = std::uint64_t{1} << 28;

// ---- running a model ----------------------------------------------------------------------

// All activations of one sample (the input and every operator's or layer's output); the lab
// CNN needs a small fraction of it (README, Reliability).
constexpr std::uint64_t kMaxSampleActivationBytes = std::uint64_t{1} << 20;

// Activations of a whole batch: samples × kMaxSampleActivationBytes stays under this, which
// keeps the page's wasm heap (1 GiB at most) clear of an exhausted allocation.
constexpr std::uint64_t kMaxActivationBytes = std::uint64_t{256} << 20;

// Work per sample: multiply-adds or comparisons, Σ over operators of output elements × the
// inputs each one reads (window taps, a dense row). The lab CNN does about 101,000; at the cap
// the test digits still run in seconds (README, Reliability).
constexpr std::uint64_t kMaxSampleWork = std::uint64_t{1} << 22;

// ---- training -----------------------------------------------------------------------------

// Largest training or evaluation batch: the lab CNN's training step keeps about 110 KB per
// sample, so 1,024 samples take about 110 MB, inside the page's heap.
constexpr int kMaxBatchSize = 1024;

}  // namespace qplab::budget
