// Regression inputs for the fuzz targets, built by code (never committed as binaries):
//   write_regressions OUT_DIR
// writes every hostile input of tests/core/hostile_inputs.h to OUT_DIR/<kind>-<name>, kind being
// tflite, checkpoint or idx (an IDX case's images and labels joined as tests/fuzz/idx_pair.h
// says).
// scripts/fuzz.sh replays the folder through every target.
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "tests/core/hostile_inputs.h"
#include "tests/fuzz/idx_pair.h"
#include "tests/fuzz/write_bytes.h"

namespace {

// A file name from a case name: letters, digits, '.', '-', '_' kept, anything else '_'.
std::string file_name(const std::string& kind, const std::string& name) {
  std::string out = kind + "-";
  for (char c : name) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
    out += keep ? c : '_';
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: write_regressions OUT_DIR\n");
    return 2;
  }
  try {
    const std::filesystem::path out = argv[1];
    const std::pair<const char*, std::vector<qplab::test::NamedBytes>> kinds[] = {
        {"tflite", qplab::test::hostile_tflite_files()},
        {"checkpoint", qplab::test::hostile_checkpoint_files()},
    };
    int written = 0;
    for (const auto& [kind, cases] : kinds) {
      for (const qplab::test::NamedBytes& c : cases) {
        qplab::fuzz::write_bytes(out / file_name(kind, c.name), c.bytes);
        ++written;
      }
    }
    for (const qplab::test::NamedIdxPair& c : qplab::test::hostile_idx_files()) {
      qplab::fuzz::write_bytes(out / file_name("idx", c.name),
                               qplab::fuzz::join_idx_pair(c.images, c.labels));
      ++written;
    }
    std::fprintf(stderr, "write_regressions: %d inputs in %s\n", written, out.string().c_str());
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "write_regressions: %s\n", e.what());
    return 1;
  }
}
