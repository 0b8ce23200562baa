// The conformance suite's runner: doctest's main, after naming the database under test (the
// same test cases run against SQLite, PostgreSQL and MariaDB).
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <iostream>

#include "support.hpp"

int main(int argc, char** argv) {
    using namespace retort;
    std::string shown = it::database_url();
    try {
        if (!shown.empty()) shown = Url::parse(shown).to_string();
    } catch (const Error&) {
        shown = "(malformed URL)";
    }
    std::cout << "database under test: " << it::dialect() << ' '
              << (shown.empty() ? "(no URL: " + it::url_variable() + " is not set)" : shown)
              << '\n';
    doctest::Context context;
    context.applyCommandLine(argc, argv);
    return context.run();
}
