// cli/lab_command.h — `qplab lab`: the seed's whole experiment, every variant written to a
// folder and measured from its file, printed as the seed's comparison table or as JSON.
#pragma once

#include "cli/args.h"

namespace qplab::cli {

// Progress on stderr; the table (or one JSON object) on stdout. Returns the exit code.
int run_lab_command(const LabCommandOptions& options);

}  // namespace qplab::cli
