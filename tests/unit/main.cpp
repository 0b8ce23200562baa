// The unit test runner: doctest's main, for the exact-SQL tests that need no database.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
