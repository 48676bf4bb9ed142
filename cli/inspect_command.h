// cli/inspect_command.h — `qplab inspect FILE [--against FILE]`: what quantization and pruning
// did to a variant, tensor by tensor and layer by layer (core/inspect/inspection.h).
#pragma once

#include "cli/args.h"

namespace qplab::cli {

int run_inspect(const InspectCommandOptions& options);

}  // namespace qplab::cli
