// The pool test runner: doctest's main for the pool, engine-thread and server-fault tests.
// PostgreSQL cases skip with a message unless RETORT_TEST_POSTGRESQL_URL is set.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
