// cli/help.h — the text `qplab --help` and `qplab help <command>` print.
#pragma once

#include <string>

namespace qplab::cli {

// topic: "" (overview), "train" or "eval".
std::string help_text(const std::string& topic);

}  // namespace qplab::cli
