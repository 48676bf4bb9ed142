// Cold code: what runs once per file, model or lab — formats, converters, checks, set-up, the
// lab's bookkeeping, a kernel's Prepare step. The page downloads the WebAssembly module, so clang
// compiles cold code for size (minsize); training and the kernels' run() stay compiled for speed.
// GCC builds the native tools only, where size does not matter, and ignores the marks.
//   QPLAB_COLD                                  on one function (a Prepare step in a hot file)
//   QPLAB_COLD_FILE_BEGIN … QPLAB_COLD_FILE_END  around a whole .cc file, its includes included,
//                                               so the library code it instantiates is cold too
// The mark is in the source, so a new file is hot until someone says it is cold, and the build
// needs no list of file names.
#pragma once

#if defined(__clang__)
#define QPLAB_COLD [[clang::minsize]]
#define QPLAB_COLD_FILE_BEGIN \
  _Pragma("clang attribute push (__attribute__((minsize)), apply_to = function)")
#define QPLAB_COLD_FILE_END _Pragma("clang attribute pop")
#else
#define QPLAB_COLD
#define QPLAB_COLD_FILE_BEGIN
#define QPLAB_COLD_FILE_END
#endif
