// The Catch2 test runner for every core test file.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
