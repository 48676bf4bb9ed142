// cli/out_of_memory.h — an allocation the machine refuses becomes one line naming what was
// being read or built ("qplab: out of memory while reading lab/float.tflite"), not a bare
// "std::bad_alloc". The budgets (core/base/budgets.h) keep hostile files far from this; a
// machine short of memory can still get here.
#pragma once

#include <new>
#include <stdexcept>
#include <string>

namespace qplab::cli {

template <typename Work>
auto naming_out_of_memory(const std::string& what, Work&& work) -> decltype(work()) {
  try {
    return work();
  } catch (const std::bad_alloc&) {
    throw std::runtime_error("out of memory while " + what);
  }
}

}  // namespace qplab::cli
