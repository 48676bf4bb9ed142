// Float checkpoint — a Sequential's architecture and float32 parameters in one small binary
// file (qplab's analogue of the seed lab's Keras .h5 baseline; extension `.qplab`).
// Little-endian; every field is a u32 except the magic, names and padding, so float data is
// 4-byte aligned from the start of the file:
//
//   magic "QPLBCKPT" (8 bytes) · version u32 = 1
//   sample input: rank u32, dims u32×rank
//   layer count u32, then per layer a kind tag u32 (the LayerKind value) and its config:
//     0 Reshape    rank, dims×rank (target sample shape)
//     1 Conv2D     in_channels, filters, kernel_h, kernel_w, activation (0 none, 1 ReLU)
//     2 MaxPool2D  pool_h, pool_w
//     3 Flatten    (nothing)
//     4 Dense      in_features, out_features
//   tensor count u32, then per tensor, in Sequential::params() order:
//     name length u32, name (printable ASCII), zero padding to a multiple of 4,
//     rank u32, dims u32×rank, float32 data (IEEE 754 bits, row-major)
//   CRC-32 u32 (zlib's crc32) of every byte before it
//
// Masks are not stored: a pruned model's zeros are plain zeros.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/format/byte_range.h"
#include "core/nn/sequential.h"

namespace qplab {

constexpr char kCheckpointMagic[8] = {'Q', 'P', 'L', 'B', 'C', 'K', 'P', 'T'};
constexpr std::uint32_t kCheckpointVersion = 1;
constexpr const char* kCheckpointExtension = ".qplab";

// Limits a reader enforces before it allocates, so a hostile file cannot ask for gigabytes
// (with the activation and work budgets per sample of core/base/budgets.h).
constexpr std::uint32_t kCheckpointMaxRank = 8;
constexpr std::uint32_t kCheckpointMaxDimension = 1u << 16;  // any dim or layer config value
constexpr std::uint32_t kCheckpointMaxLayers = 256;
constexpr std::uint32_t kCheckpointMaxNameLength = 256;
constexpr std::size_t kCheckpointMaxParameters = std::size_t{1} << 24;  // 64 MB of float32

// Throws std::logic_error for a model it cannot describe (no layers). A file of it:
// write_file_atomically (core/data/file_bytes.h).
std::vector<std::uint8_t> save_checkpoint(Sequential& model);

// Rebuilds the layers (with a throwaway Rng) and overwrites every parameter with the stored
// values. Throws std::runtime_error "checkpoint: <what> at byte <offset> ..." naming the field:
// bad magic, unsupported version, checksum mismatch (corrupt or truncated file), truncation,
// unknown layer kind or activation, a value over the limits above or the budgets, a layer that
// does not fit the previous one, a tensor whose name or shape differs from the architecture's,
// a non-finite weight, trailing bytes.
Sequential load_checkpoint(const std::vector<std::uint8_t>& bytes);
// As above; tensor_data[k] is where params()[k]'s float data lies in `bytes`.
Sequential load_checkpoint(const std::vector<std::uint8_t>& bytes,
                           std::vector<ByteRange>* tensor_data);

// As load_checkpoint; messages start "checkpoint <path>: ".
Sequential load_checkpoint_file(const std::string& path);

}  // namespace qplab
