// The core's Inspection (core/inspect) as one plain JS object for the page's Inspect section:
// numbers as numbers (NaN as null), number lists as typed arrays, names as strings.
#pragma once

#include <emscripten/val.h>

#include "core/inspect/inspection.h"

namespace qplab::web {

emscripten::val inspection_object(const Inspection& inspection);

}  // namespace qplab::web
